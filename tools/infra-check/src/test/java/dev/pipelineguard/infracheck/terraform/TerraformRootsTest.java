package dev.pipelineguard.infracheck.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.infracheck.terraform.TerraformCli.Result;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every root and module of terraform/ with the real hashicorp/aws provider: {@code terraform init
 * -backend=false}, {@code terraform validate} and {@code terraform test} (plans against the tests'
 * mock providers). The roots run two at a time (the machines have two cores; each terraform process
 * keeps one busy), in a copy of the tree under target/, from the start of the test run on.
 */
class TerraformRootsTest {
  private static final Duration PER_ROOT = Duration.ofMinutes(8);
  private static final Pattern SUMMARY = Pattern.compile("(\\d+) passed, (\\d+) failed");

  private static Path tree;
  private static ExecutorService pool;
  private static final Map<String, CompletableFuture<RootRun>> RUNS =
      java.util.Collections.synchronizedMap(new LinkedHashMap<>());

  /**
   * What happened in one root; {@code null} results were not reached because an earlier step
   * failed.
   */
  record RootRun(Result init, Result validate, Result test) {}

  @BeforeAll
  static void runEveryRoot() {
    start();
  }

  /**
   * Starts every root in the background (idempotent). {@link StartTerraformEarly} calls it when the
   * test plan begins, so the roots run while other test classes do.
   */
  static synchronized void start() {
    if (pool != null) {
      return;
    }
    TerraformCli terraform = TerraformCli.shared();
    tree = TerraformWorkspace.copy(terraform.home().resolve("roots"));
    pool =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread thread = new Thread(r, "terraform-root");
              thread.setDaemon(true);
              return thread;
            });
    // Most run blocks first, so the two workers finish at about the same time.
    List<String> roots =
        TerraformWorkspace.roots(tree).stream()
            .sorted(
                Comparator.comparingInt((String r) -> TerraformWorkspace.runBlocks(tree.resolve(r)))
                    .reversed())
            .toList();
    for (String root : roots) {
      RUNS.put(
          root,
          CompletableFuture.supplyAsync(
              () -> {
                terraform
                    .requireProvider(); // once, before any root: a missing provider is one line,
                // for each root
                return run(terraform, tree.resolve(root));
              },
              pool));
    }
  }

  @AfterAll
  static void stop() {
    pool.shutdown(); // daemon threads: nothing is left running once every root was awaited
  }

  private static RootRun run(TerraformCli terraform, Path root) {
    Result init = terraform.init(root, "-backend=false");
    if (init.exit() != 0) {
      return new RootRun(init, null, null);
    }
    Result validate = terraform.run(root, Duration.ofMinutes(3), "validate", "-no-color");
    if (validate.exit() != 0) {
      return new RootRun(init, validate, null);
    }
    return new RootRun(init, validate, terraform.run(root, PER_ROOT, "test", "-no-color"));
  }

  private static RootRun await(String root) throws Exception {
    return RUNS.get(root).get(PER_ROOT.toMinutes() * RUNS.size(), TimeUnit.MINUTES);
  }

  @Test
  void everyRootAndModuleIsCovered() {
    assertThat(RUNS.keySet())
        .contains(
            "bootstrap",
            "environments/dev",
            "environments/prod",
            "modules/environment",
            "modules/networking",
            "modules/ecr",
            "modules/iam",
            "modules/ecs",
            "modules/codepipeline",
            "modules/notifications");
  }

  @TestFactory
  Stream<DynamicTest> everyRootInitsValidatesAndPassesAllItsTestRuns() {
    return RUNS.keySet().stream()
        .map(
            root ->
                DynamicTest.dynamicTest(
                    root,
                    () -> {
                      RootRun run = await(root);
                      assertThat(run.init().exit())
                          .as("%s: %s", root, run.init().describe())
                          .isZero();
                      assertThat(run.validate().exit())
                          .as("%s: %s", root, run.validate().describe())
                          .isZero();
                      assertThat(run.validate().stdout()).contains("The configuration is valid.");
                      assertThat(run.test().exit())
                          .as("%s: %s", root, run.test().describe())
                          .isZero();

                      // Every run block of tests/*.tftest.hcl ran and passed: a test file Terraform
                      // skipped is a failure.
                      Matcher summary = SUMMARY.matcher(run.test().stdout());
                      assertThat(summary.find())
                          .as("%s: no test summary in:\n%s", root, run.test().output())
                          .isTrue();
                      int expected = TerraformWorkspace.runBlocks(tree.resolve(root));
                      assertThat(expected)
                          .as("%s has tests/*.tftest.hcl run blocks", root)
                          .isPositive();
                      assertThat(Integer.parseInt(summary.group(1)))
                          .as("%s: passed runs\n%s", root, run.test().stdout())
                          .isEqualTo(expected);
                      assertThat(summary.group(2)).isEqualTo("0");
                    }));
  }

  /**
   * Finding 3: a service with a FARGATE capacity-provider strategy must be created after the
   * cluster's capacity providers are associated (AWS rejects the strategy otherwise). Terraform's
   * own dependency graph of the ecs module says whether it waits.
   */
  @Test
  void ecsServiceIsCreatedAfterTheClusterCapacityProviders() throws Exception {
    RootRun ecs = await("modules/ecs");
    assertThat(ecs.init().exit()).as(ecs.init().describe()).isZero();

    Result graph =
        TerraformCli.shared()
            .run(tree.resolve("modules/ecs"), Duration.ofMinutes(2), "graph", "-type=plan");

    assertThat(graph.exit()).as(graph.describe()).isZero();
    assertThat(graph.stdout())
        .containsPattern(
            "\"\\[root\\] aws_ecs_service\\.this \\(expand\\)\" -> \"\\[root\\] aws_ecs_cluster_capacity_providers\\.this \\(expand\\)\"");
  }
}
