package dev.pipelineguard.localinvoke;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * One invocation's own directory, as each Lambda execution environment has its own disk: the
 * function JVM's working directory, its {@code java.io.tmpdir}, its crash reports, and its copy of
 * the runtime interface client's native library. Without that copy the client extracts the library
 * to the fixed path {@code /tmp/.libaws-lambda-jni.so} (RIC 2.10.1 {@code JniHelper}), rewriting it
 * while another local-invoke's JVM has it mapped, which crashes that JVM. The client loads the
 * library from the system property below instead, as Lambda's own runtime does.
 *
 * <p>Removed when the invocation ends, unless the JVM left a crash report in it.
 */
final class Sandbox implements AutoCloseable {
  /** RIC 2.10.1: {@code System.load}s this path instead of extracting the library. */
  static final String NATIVE_LIBRARY_PROPERTY =
      "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

  private static final String CRASH_REPORT = "hs_err_pid";

  private final Path dir;
  private final Path nativeLibrary;

  private Sandbox(Path dir, Path nativeLibrary) {
    this.dir = dir;
    this.nativeLibrary = nativeLibrary;
  }

  /**
   * A new directory under the caller's temp directory, with the native library of this platform.
   */
  static Sandbox create(Path runtimeInterfaceClientJar) {
    String entry = "jni/libaws-lambda-jni." + platform() + ".so";
    Path dir = null;
    try (ZipFile jar = new ZipFile(runtimeInterfaceClientJar.toFile())) {
      ZipEntry library = jar.getEntry(entry);
      if (library == null) {
        throw new UsageException(runtimeInterfaceClientJar + " has no " + entry);
      }
      dir = Files.createTempDirectory("local-invoke-");
      Files.createDirectory(dir.resolve("tmp"));
      Path copy = dir.resolve("libaws-lambda-jni.so");
      try (InputStream in = jar.getInputStream(library)) {
        Files.copy(in, copy);
      }
      return new Sandbox(dir, copy);
    } catch (IOException e) {
      if (dir != null) {
        delete(dir);
      }
      throw new UsageException("cannot prepare the function's directory: " + e.getMessage());
    }
  }

  /** The library suffix the client ships for this machine: linux[_musl]-x86_64 or -aarch_64. */
  static String platform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String cpu =
        arch.equals("amd64") || arch.equals("x86_64")
            ? "x86_64"
            : arch.equals("aarch64") || arch.equals("arm64") ? "aarch_64" : null;
    if (!os.startsWith("linux") || cpu == null) {
      throw new UsageException(
          "the Lambda runtime interface client runs on Linux x86_64 or arm64 only, not "
              + os
              + "/"
              + arch);
    }
    return (musl() ? "linux_musl-" : "linux-") + cpu;
  }

  private static boolean musl() {
    try (Stream<Path> lib = Files.list(Paths.get("/lib"))) {
      return lib.anyMatch(p -> p.getFileName().toString().startsWith("ld-musl-"));
    } catch (IOException e) {
      return false;
    }
  }

  /** The working directory of the function's JVM. */
  Path dir() {
    return dir;
  }

  /** JVM options that keep everything the function's JVM writes in this directory. */
  List<String> jvmOptions() {
    return List.of(
        "-D" + NATIVE_LIBRARY_PROPERTY + "=" + nativeLibrary,
        "-Djava.io.tmpdir=" + dir.resolve("tmp"),
        "-XX:ErrorFile=" + dir.resolve(CRASH_REPORT + "%p.log"),
        "-XX:-CreateCoredumpOnCrash");
  }

  /** The crash report the function's JVM wrote, if it crashed. */
  Optional<Path> crashReport() {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith(CRASH_REPORT)).findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    if (crashReport().isEmpty()) {
      delete(dir);
    }
  }

  private static void delete(Path root) {
    try (Stream<Path> all = Files.walk(root)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: it is under the temp directory
    }
  }
}
