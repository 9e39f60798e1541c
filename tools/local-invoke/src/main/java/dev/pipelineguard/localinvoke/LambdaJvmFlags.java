package dev.pipelineguard.localinvoke;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM flags of Lambda's managed Java runtimes, by runtime and mode. Class data sharing (the
 * JDK's default CDS archive, or a function's AOT cache) is chosen separately: {@code -Xshare:*},
 * {@code -XX:AOTCache} and {@code -XX:AOTCacheOutput} exclude each other.
 */
final class LambdaJvmFlags {
  /** The JDK's default CDS archive; what a run without an AOT cache uses. */
  static final String DEFAULT_SHARING = "-Xshare:auto";

  private LambdaJvmFlags() {}

  /**
   * Without class data sharing. Lambda docs, "Customize Java runtime startup behavior"
   * (java-customization.html#tiered-compilation): java17 and java21 stop tiered compilation at
   * level 1 (C1); from java25 Lambda still does, except under SnapStart (or provisioned
   * concurrency), where the JVM's default tiered compilation runs, since compiling happens before
   * the snapshot, off the invoke path; java11 and older use the JVM's defaults. The Serial GC is
   * the runtimes' default (same page, "gc-behavior"). The CRaC compatibility property, IPv4 and the
   * java.io opening are as seen on the java17 runtime's command line: org.crac hooks reach the
   * runtime interface client's CRaC context.
   *
   * @param runtimeFeature the template's Runtime (25 for java25)
   * @param jdkFeature the JDK that actually runs it (the default JDK when the runtime's is not
   *     installed)
   */
  static List<String> of(int runtimeFeature, boolean snapStart, int jdkFeature) {
    List<String> flags = new ArrayList<>();
    flags.add("-XX:+TieredCompilation");
    boolean c1Only = runtimeFeature >= 25 ? !snapStart : runtimeFeature >= 17;
    if (c1Only) {
      flags.add("-XX:TieredStopAtLevel=1");
    }
    flags.add("-XX:+UseSerialGC");
    flags.add("--add-opens=java.base/java.io=ALL-UNNAMED");
    if (jdkFeature >= 24) {
      // The runtime client loads its JNI library with System.load, restricted since JDK 24 (JEP
      // 472):
      // without this every start logs a four-line warning about the client, not about the function.
      flags.add("--enable-native-access=ALL-UNNAMED");
    }
    flags.add("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
    flags.add("-Djava.net.preferIPv4Stack=true");
    return flags;
  }
}
