package dev.pipelineguard.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.emulation.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The AOT cache the build trained (the {@code aot-caches} step before this test: the notifier's by
 * default, every function's with {@code -Paot-caches}) is the one an on-demand start takes: the JVM
 * is told to refuse to start without it ({@code -XX:AOTMode=on}), so a silent fallback cannot pass.
 */
class AotCacheIT {
  static final Path ROOT = RepoPaths.root();
  static final Path CACHE =
      ROOT.resolve("functions/slack-notifier/target/aot/SlackNotifierFunction.aot");
  static Emulators emulators;
  static Workloads workloads;
  static Workloads.Workload notifier;

  @BeforeAll
  static void stack() {
    Path work = ROOT.resolve("target/aot-cache-it");
    DemoFiles.mkdirs(work);
    emulators = Emulators.start();
    workloads = Workloads.prepare(ROOT, work, emulators);
    notifier =
        workloads.all.stream()
            .filter(w -> w.name().equals("slack-notifier"))
            .findFirst()
            .orElseThrow();
  }

  @AfterAll
  static void stop() {
    emulators.close();
  }

  @Test
  void theBuildTrainedTheNotifiersCacheOnJdk25ThroughItsPrimingAndSampleEvents()
      throws IOException {
    assertThat(CACHE)
        .as("the build's aot-caches step writes it (tools/demo/pom.xml)")
        .isRegularFile();
    Json trained =
        Json.parse(Files.readString(CACHE.resolveSibling("SlackNotifierFunction.aot.json")));

    assertThat(trained.get("jvm").text()).contains(" 25.");
    assertThat(trained.get("lifecycle").text()).isEqualTo("snap-start");
    assertThat(trained.get("events").texts())
        .hasSizeGreaterThan(1)
        .allMatch(e -> e.contains("events/notifier/"));
    assertThat(trained.get("jvmOptions").texts()).contains("-XX:TieredStopAtLevel=1");
  }

  @Test
  void anOnDemandStartTakesTheCacheAndLoadsAlmostNothingFromTheJar() throws IOException {
    Path classes = ROOT.resolve("target/aot-cache-it/notifier-classes.log");
    int postedBefore = emulators.slackMessages().size();

    LocalFunctions.Invocation run =
        workloads.functions.invoke(
            notifier.logicalId(),
            notifier.event(),
            List.of(
                "--no-snapstart",
                "--timing",
                "--jvm-option",
                "-XX:AOTMode=on",
                "--jvm-option",
                "-Xlog:class+load=info:file=" + classes));

    assertThat(run.exit()).as(run.response() + run.logs()).isZero();
    assertThat(emulators.slackMessages()).hasSize(postedBefore + 1);
    Json timing =
        Json.parse(
            run.logs()
                .lines()
                .filter(l -> l.contains("\"localInvokeTiming\""))
                .findFirst()
                .orElseThrow());
    assertThat(timing.get("aotCache").bool()).contains(true);
    List<String> loaded = Files.readAllLines(classes);
    assertThat(loaded)
        .anyMatch(
            l ->
                l.contains(
                    "dev.pipelineguard.notifier.SlackNotifierHandler source: shared objects file"));
    long fromJar =
        loaded.stream()
            .filter(l -> l.contains("source: file:") && l.contains("slack-notifier.jar"))
            .count();
    long fromCache = loaded.stream().filter(l -> l.contains("source: shared objects file")).count();
    // The training went down this path: what the jar still supplies is a sliver of what the cache
    // does.
    assertThat(fromJar).as("classes read from the jar").isLessThan(fromCache / 20);
  }
}
