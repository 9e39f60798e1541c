package dev.pipelineguard.localinvoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.common.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.crac.Core;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs real child JVMs with the official runtime interface client, against fixture handlers packed
 * into a jar the way a function's jar is.
 */
class LocalInvokeTest {
  @TempDir static Path dir;
  static Path template;
  static Path event;

  @BeforeAll
  static void packFixtures() throws IOException {
    Path classes =
        Paths.get(
            LocalInvokeTest.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    try (JarOutputStream jar =
        new JarOutputStream(Files.newOutputStream(dir.resolve("test-functions.jar")))) {
      Path fixtures = classes.resolve("dev/pipelineguard/localinvoke/fixtures");
      Files.walkFileTree(
          fixtures,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              jar.putNextEntry(
                  new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
              Files.copy(file, jar);
              jar.closeEntry();
              return FileVisitResult.CONTINUE;
            }
          });
      // org.crac, shaded into the fixtures' jar as a SnapStart function's jar has it.
      try (JarFile crac =
          new JarFile(
              Paths.get(Core.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                  .toFile())) {
        for (JarEntry entry : java.util.Collections.list(crac.entries())) {
          if (entry.getName().startsWith("org/crac/") && !entry.isDirectory()) {
            jar.putNextEntry(new JarEntry(entry.getName()));
            try (var in = crac.getInputStream(entry)) {
              in.transferTo(jar);
            }
            jar.closeEntry();
          }
        }
      } catch (java.net.URISyntaxException e) {
        throw new IOException(e);
      }
    }
    // The AOT tests' functions: each on a jar of its own, so that one test's cache or touched jar
    // is
    // no other test's.
    for (String copy :
        List.of("aot-functions.jar", "stale-aot-functions.jar", "snapstart-aot-functions.jar")) {
      Files.copy(dir.resolve("test-functions.jar"), dir.resolve(copy));
    }
    template = dir.resolve("template.yaml");
    try (var in = LocalInvokeTest.class.getResourceAsStream("/test-template.yaml")) {
      Files.copy(in, template);
    }
    event = dir.resolve("event.json");
    Files.writeString(event, "{\"name\":\"world\",\"nested\":{\"n\":1}}");
  }

  record Result(int exit, String stdout, String stderr, Duration took) {
    Json json() {
      return Json.parse(stdout.strip());
    }
  }

  static Result invoke(Map<String, String> callerEnv, String... args) {
    return invoke(LocalInvoke.Limits.LAMBDA, callerEnv, args);
  }

  static Result invoke(LocalInvoke.Limits limits, Map<String, String> callerEnv, String... args) {
    return invoke(limits, Jdk.usualFolders(System.getenv()), callerEnv, args);
  }

  static Result invoke(
      LocalInvoke.Limits limits,
      List<Path> jdkFolders,
      Map<String, String> callerEnv,
      String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> all = new ArrayList<>(List.of(args));
    all.add("-t");
    all.add(template.toString());
    Instant start = Instant.now();
    int exit =
        new LocalInvoke(
                print(out),
                print(err),
                callerEnv,
                new ByteArrayInputStream("{\"from\":\"stdin\"}".getBytes(StandardCharsets.UTF_8)),
                limits,
                jdkFolders)
            .run(all.toArray(new String[0]));
    return new Result(
        exit,
        out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8),
        Duration.between(start, Instant.now()));
  }

  static Result invoke(String... args) {
    return invoke(Map.of("AWS_REGION", "eu-west-1"), args);
  }

  private static PrintStream print(OutputStream out) {
    return new PrintStream(out, true, StandardCharsets.UTF_8);
  }

  @Test
  void returnsTheStreamHandlersResponseOnStdoutAndItsLogsOnStderr() {
    Result r = invoke("EchoFunction", "-e", event.toString());

    assertThat(r.exit()).as(r.stderr()).isZero();
    assertThat(r.json().path("event", "name").text()).isEqualTo("world");
    assertThat(r.json().path("event", "nested", "n").text()).isEqualTo("1");
    assertThat(r.stderr()).contains("echo handler log line");
    assertThat(r.stdout()).doesNotContain("echo handler log line");
  }

  @Test
  void readsTheEventFromStdinWithADash() {
    Result r = invoke("EchoFunction", "-e", "-");

    assertThat(r.exit()).as(r.stderr()).isZero();
    assertThat(r.json().path("event", "from").text()).isEqualTo("stdin");
  }

  @Test
  void resolvesTemplateIntrinsicsAndMergesGlobalsTheWaySamDoes() {
    Result r = invoke("EchoFunction", "-e", event.toString());
    Json env = r.json().get("env");

    assertThat(env.get("FROM_GLOBALS").text()).isEqualTo("global-value");
    assertThat(env.get("OVERRIDDEN_BY_FUNCTION").text()).isEqualTo("function-value");
    assertThat(env.get("STAGE").text()).isEqualTo("dev");
    assertThat(env.get("SUBBED").text()).isEqualTo("eu-west-1:dev:123456789012");
    assertThat(env.get("SUB_WITH_VARS").text()).isEqualTo("pg-dev");
    assertThat(env.get("JOINED").text()).isEqualTo("a/dev/c");
    assertThat(env.get("CONDITIONAL").text()).isEqualTo("small");
    assertThat(env.get("MAPPED").text()).isEqualTo("small");
    assertThat(env.get("ATTRIBUTE").text()).isEmpty();
    assertThat(env.get("RESOURCE_REF").text()).isEqualTo("SomeQueue");
    assertThat(env.get("UNSET_PARAMETER").text()).isEmpty();
    assertThat(env.get("FLAG").text()).isEqualTo("true");
    assertThat(env.get("NUMBER").text()).isEqualTo("42");
    assertThat(r.stderr()).contains("ATTRIBUTE uses an intrinsic that cannot be resolved locally");
  }

  @Test
  void parameterOverridesWinOverDefaultsInBothSyntaxes() {
    Result r =
        invoke(
            "EchoFunction",
            "-e",
            event.toString(),
            "--parameter-overrides",
            "Stage=prod",
            "ParameterKey=TopicArn,ParameterValue=arn:aws:sns:eu-west-1:1:t");
    Json env = r.json().get("env");

    assertThat(env.get("STAGE").text()).isEqualTo("prod");
    assertThat(env.get("CONDITIONAL").text()).isEqualTo("big");
    assertThat(env.get("TOPIC").text()).isEqualTo("arn:aws:sns:eu-west-1:1:t");
  }

  @Test
  void envVarsFileOverridesOnlyDeclaredVariablesAndTheFunctionsOwnEntryWins() throws IOException {
    Path envFile = dir.resolve("env.json");
    Files.writeString(
        envFile,
        "{\"Parameters\": {\"FROM_ENV_FILE\": \"shared\", \"FROM_ENV_FILE_FUNCTION\": \"shared\","
            + " \"NOT_DECLARED\": \"x\"}, \"EchoFunction\": {\"FROM_ENV_FILE_FUNCTION\": \"own\"}}");

    Json env =
        invoke("EchoFunction", "-e", event.toString(), "-n", envFile.toString()).json().get("env");

    assertThat(env.get("FROM_ENV_FILE").text()).isEqualTo("shared");
    assertThat(env.get("FROM_ENV_FILE_FUNCTION").text()).isEqualTo("own");
    assertThat(env.has("NOT_DECLARED")).isFalse();
  }

  @Test
  void passesTheCallersAwsVariablesButNothingElseFromTheShell() {
    Map<String, String> caller = new HashMap<>();
    caller.put("AWS_REGION", "eu-west-1");
    caller.put("AWS_ENDPOINT_URL", "http://127.0.0.1:5000");
    caller.put("AWS_ACCESS_KEY_ID", "testing");
    caller.put("SHELL_ONLY_VARIABLE", "must-not-leak");

    Json env = invoke(caller, "EchoFunction", "-e", event.toString()).json().get("env");

    assertThat(env.get("AWS_ENDPOINT_URL").text()).isEqualTo("http://127.0.0.1:5000");
    assertThat(env.get("AWS_ACCESS_KEY_ID").text()).isEqualTo("testing");
    assertThat(env.get("AWS_REGION").text()).isEqualTo("eu-west-1");
    assertThat(env.get("AWS_LAMBDA_FUNCTION_NAME").text()).isEqualTo("EchoFunction");
    assertThat(env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").text()).isEqualTo("256");
    assertThat(env.get("AWS_LAMBDA_INITIALIZATION_TYPE").text()).isEqualTo("on-demand");
    assertThat(env.has("SHELL_ONLY_VARIABLE")).isFalse();
  }

  @Test
  void lambdasOwnVariablesCannotBeSetByTheCaller() {
    Map<String, String> caller = new HashMap<>(CALLER_WITH_KEYS);
    caller.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
    caller.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://169.254.170.23/v1/credentials");
    caller.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", "callers-token");

    Json env = invoke(caller, "EchoFunction", "-e", event.toString()).json().get("env");

    assertThat(env.get("AWS_LAMBDA_INITIALIZATION_TYPE").text()).isEqualTo("on-demand");
    assertThat(env.has("AWS_CONTAINER_CREDENTIALS_FULL_URI")).isFalse();
    assertThat(env.has("AWS_CONTAINER_AUTHORIZATION_TOKEN")).isFalse();
    assertThat(env.get("AWS_ACCESS_KEY_ID").text()).isEqualTo("AKIDCALLER");
  }

  @Test
  void contextRemainingTimeCountsDownFromTheFunctionsTimeout() {
    Json body = invoke("EchoFunction", "-e", event.toString()).json();

    long remaining = body.get("remainingMillis").wholeNumber().orElseThrow();
    assertThat(remaining).isLessThanOrEqualTo(5_000).isGreaterThan(1_000);
    assertThat(body.get("requestId").text()).matches("[0-9a-f-]{36}");
  }

  @Test
  void timingReportsTheFunctionJvmsStartToResponseAndPeakMemory() {
    Result r =
        invoke(
            "EchoFunction",
            "-e",
            event.toString(),
            "--timing",
            "--jvm-option",
            "-Dpassed.through=yes");

    assertThat(r.exit()).isZero();
    String line =
        r.stderr().lines().filter(l -> l.contains("localInvokeTiming")).findFirst().orElseThrow();
    Json timing = Json.parse(line);
    assertThat(timing.get("startToResponseMillis").number())
        .hasValueSatisfying(
            ms ->
                assertThat(ms.doubleValue()).isPositive().isLessThan((double) r.took().toMillis()));
    assertThat(timing.get("peakRssKb").wholeNumber())
        .as(r.stderr())
        .hasValueSatisfying(kb -> assertThat(kb).isGreaterThan(10_000));
  }

  @Test
  void typedHandlersGetTheRuntimesOwnSerialization() {
    Result r = invoke("TypedFunction", "-e", event.toString());

    assertThat(r.exit()).as(r.stderr()).isZero();
    assertThat(r.json().get("greeting").text()).isEqualTo("hello world");
    assertThat(r.json().get("keys").text()).isEqualTo("2");
  }

  @Test
  void aThrowingHandlerExitsOneWithLambdasErrorShape() {
    Result r = invoke("ThrowingFunction", "-e", event.toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.json().get("errorMessage").text()).isEqualTo("the handler failed on purpose");
    assertThat(r.json().get("errorType").text()).isEqualTo("java.lang.IllegalStateException");
    assertThat(r.json().get("stackTrace").isArray()).isTrue();
  }

  @Test
  void aHandlerThatOverrunsItsTimeoutIsStopped() {
    Result r = invoke("SleepingFunction", "-e", event.toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.json().get("errorType").text()).isEqualTo("Sandbox.Timedout");
    assertThat(r.json().get("errorMessage").text()).isEqualTo("Task timed out after 2.00 seconds");
    assertThat(r.took()).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void anUnknownLogicalIdIsAUsageError() {
    Result r = invoke("NoSuchFunction", "-e", event.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.stderr().strip())
        .startsWith("local-invoke: no function NoSuchFunction in the template")
        .contains("EchoFunction")
        .doesNotContain("\n");
    assertThat(r.stdout()).isEmpty();
  }

  @Test
  void anUnreadableEventIsAUsageError() {
    Result r = invoke("EchoFunction", "-e", dir.resolve("missing.json").toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.stderr()).startsWith("local-invoke: cannot read event");
  }

  @Test
  void aMissingJarTellsHowToBuild() {
    Result r = invoke("MissingJarFunction", "-e", event.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.stderr()).contains("build first with `mvn -q -B package -DskipTests`");
  }

  @Test
  void badOptionsAreUsageErrors() {
    assertThat(invoke().exit()).isEqualTo(2);
    assertThat(invoke("EchoFunction", "--frobnicate").exit()).isEqualTo(2);
    assertThat(invoke("EchoFunction", "-e").exit()).isEqualTo(2);
    Result unknownParameter =
        invoke("EchoFunction", "-e", event.toString(), "--parameter-overrides", "Nope=1");
    assertThat(unknownParameter.exit()).isEqualTo(2);
    assertThat(unknownParameter.stderr()).contains("Nope is not a parameter of the template");
  }

  // --- SnapStart, container credentials, init errors, parallel runs, crashes ---

  static final Map<String, String> CALLER_WITH_KEYS =
      Map.of(
          "AWS_REGION",
          "eu-west-1",
          "AWS_ACCESS_KEY_ID",
          "AKIDCALLER",
          "AWS_SECRET_ACCESS_KEY",
          "caller-secret",
          "AWS_SESSION_TOKEN",
          "caller-session");

  /** A -n file making one phase of the SnapStart fixture fail. */
  private static String failIn(String phase) throws IOException {
    Path file = dir.resolve("fail-in-" + phase + ".json");
    Files.writeString(file, "{\"SnapStartFunction\": {\"FAIL_IN\": \"" + phase + "\"}}");
    return file.toString();
  }

  private static List<String> lifecycle(Result r) {
    return r.json().get("lifecycle").texts();
  }

  @Test
  void aSnapStartFunctionRunsInitThenBeforeCheckpointThenAfterRestoreThenTheInvocation() {
    Result r = invoke(CALLER_WITH_KEYS, "SnapStartFunction", "-e", event.toString());

    assertThat(r.exit()).as(r.stderr()).isZero();
    assertThat(lifecycle(r)).containsExactly("init", "beforeCheckpoint", "afterRestore", "invoke");
    Json env = r.json().get("env");
    assertThat(env.get("AWS_LAMBDA_INITIALIZATION_TYPE").text()).isEqualTo("snap-start");
    // Lambda gives a SnapStart function no access keys, only the container credentials endpoint.
    assertThat(env.has("AWS_ACCESS_KEY_ID")).isFalse();
    assertThat(env.has("AWS_SECRET_ACCESS_KEY")).isFalse();
    assertThat(env.has("AWS_SESSION_TOKEN")).isFalse();
    assertThat(env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI").text())
        .matches("http://127\\.0\\.0\\.1:[0-9]+/2021-04-23/credentials");
    assertThat(env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN").text()).hasSizeGreaterThanOrEqualTo(32);
  }

  @Test
  void theCredentialsEndpointServesTheCallersCredentialsToItsTokenOnlyAndCountsByPhase() {
    Result r = invoke(CALLER_WITH_KEYS, "SnapStartFunction", "-e", event.toString());

    assertThat(r.json().path("credentials", "status").text()).isEqualTo("200");
    Json served = Json.parse(r.json().path("credentials", "body").text());
    assertThat(served.get("AccessKeyId").text()).isEqualTo("AKIDCALLER");
    assertThat(served.get("SecretAccessKey").text()).isEqualTo("caller-secret");
    assertThat(served.get("Token").text()).isEqualTo("caller-session");
    assertThat(Instant.parse(served.get("Expiration").text()))
        .isAfter(Instant.now().plus(Duration.ofMinutes(30)));
    assertThat(r.json().path("wrongToken", "status").text()).isEqualTo("404");
    assertThat(r.json().path("noToken", "status").text()).isEqualTo("404");
    assertThat(r.json().path("wrongToken", "body").text()).doesNotContain("caller-secret");
    assertThat(r.stderr())
        .contains(
            "local-invoke: container credentials: 0 requests before the snapshot, 1 after restore, 2 refused");
  }

  @Test
  void noSnapstartRunsTheSameFunctionOnDemandWithAccessKeysAndNoHooks() {
    Result r =
        invoke(CALLER_WITH_KEYS, "SnapStartFunction", "-e", event.toString(), "--no-snapstart");

    assertThat(r.exit()).as(r.stderr()).isZero();
    assertThat(lifecycle(r)).containsExactly("init", "invoke");
    Json env = r.json().get("env");
    assertThat(env.get("AWS_LAMBDA_INITIALIZATION_TYPE").text()).isEqualTo("on-demand");
    assertThat(env.get("AWS_ACCESS_KEY_ID").text()).isEqualTo("AKIDCALLER");
    assertThat(env.has("AWS_CONTAINER_CREDENTIALS_FULL_URI")).isFalse();
    assertThat(r.json().has("credentials")).isFalse();
  }

  @Test
  void snapstartForcesTheLifecycleOnAFunctionWithoutIt() {
    Result r = invoke(CALLER_WITH_KEYS, "EchoFunction", "-e", event.toString(), "--snapstart");

    assertThat(r.exit()).as(r.stderr()).isZero();
    Json env = r.json().get("env");
    assertThat(env.get("AWS_LAMBDA_INITIALIZATION_TYPE").text()).isEqualTo("snap-start");
    assertThat(env.has("AWS_ACCESS_KEY_ID")).isFalse();
    assertThat(r.stderr())
        .contains(
            "local-invoke: container credentials: 0 requests before the snapshot, 0 after restore");
  }

  @Test
  void containerCredentialsGivesAnyFunctionTheEndpointInsteadOfAccessKeys() {
    Result r =
        invoke(
            CALLER_WITH_KEYS,
            "SnapStartFunction",
            "-e",
            event.toString(),
            "--no-snapstart",
            "--container-credentials");

    assertThat(r.exit()).as(r.stderr()).isZero();
    assertThat(lifecycle(r)).containsExactly("init", "invoke");
    assertThat(r.json().get("env").has("AWS_ACCESS_KEY_ID")).isFalse();
    assertThat(r.json().path("credentials", "status").text()).isEqualTo("200");
    assertThat(r.stderr())
        .contains("local-invoke: container credentials: 1 request served, 2 refused");
  }

  @Test
  void withoutCallerCredentialsTheEndpointRefusesAndSaysWhatToSet() {
    Result r =
        invoke(Map.of("AWS_REGION", "eu-west-1"), "SnapStartFunction", "-e", event.toString());

    assertThat(r.exit()).as(r.stderr()).isZero();
    assertThat(r.json().path("credentials", "status").text()).isEqualTo("404");
    assertThat(r.json().path("credentials", "body").text())
        .contains("set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
    assertThat(r.stderr()).contains("none are set, so it will refuse");
  }

  @Test
  void aConstructorThatThrowsIsReportedAtOnceAsTheRuntimePostedIt() throws IOException {
    for (String mode : List.of("--snapstart", "--no-snapstart")) {
      Result r =
          invoke(
              CALLER_WITH_KEYS,
              "SnapStartFunction",
              "-e",
              event.toString(),
              "-n",
              failIn("constructor"),
              mode);

      assertThat(r.exit()).as(mode + r.stderr()).isEqualTo(1);
      assertThat(r.json().get("errorMessage").text())
          .isEqualTo("SLACK_MAX_ATTEMPTS must be between 1 and 5");
      assertThat(r.json().get("errorType").text()).isEqualTo("java.lang.IllegalStateException");
      assertThat(r.stderr())
          .contains("local-invoke: the function failed to initialise (Runtime.BadFunctionCode)");
      // At once: the runtime reports and exits; nothing waits for a timeout (10 s init + 5 s).
      assertThat(r.took()).as(mode).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void aFailingBeforeCheckpointHookFailsTheInitAsPublishingTheVersionWould() throws IOException {
    Result r =
        invoke(
            CALLER_WITH_KEYS,
            "SnapStartFunction",
            "-e",
            event.toString(),
            "-n",
            failIn("beforeCheckpoint"));

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.json().get("errorType").text())
        .isEqualTo("com.amazonaws.services.lambda.crac.CheckpointException");
    assertThat(r.stderr())
        .contains("a beforeCheckpoint hook failed (Runtime.BeforeCheckpointError)")
        .contains("beforeCheckpoint failed on purpose");
    assertThat(r.took()).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void aFailingAfterRestoreHookIsLambdasSnapStartExceptionWithTheCauseInTheLog()
      throws IOException {
    Result r =
        invoke(
            CALLER_WITH_KEYS,
            "SnapStartFunction",
            "-e",
            event.toString(),
            "-n",
            failIn("afterRestore"));

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.json().get("errorType").text()).isEqualTo("SnapStartException");
    assertThat(r.json().get("errorMessage").text())
        .isEqualTo(
            "The afterRestore() runtime hook encountered an error. For more information, check the Amazon "
                + "CloudWatch logs.");
    assertThat(r.stderr())
        .contains("an afterRestore hook failed (Runtime.AfterRestoreError)")
        .contains("afterRestore failed on purpose");
  }

  @Test
  void anAfterRestoreHookThatOverrunsTheRestoreLimitIsASnapStartTimeout() throws IOException {
    LocalInvoke.Limits shortRestore = new LocalInvoke.Limits(10_000, 130_000, 1_500);

    Result r =
        invoke(
            shortRestore,
            CALLER_WITH_KEYS,
            "SnapStartFunction",
            "-e",
            event.toString(),
            "-n",
            failIn("afterRestoreHang"));

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.json().get("errorType").text()).isEqualTo("SnapStartTimeoutException");
    assertThat(r.json().get("errorMessage").text())
        .isEqualTo("Lambda couldn't restore the snapshot within the timeout limit.");
    assertThat(r.took()).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void timingUnderSnapStartSplitsTheInitFromTheRestoreToTheResponse() {
    Result r = invoke(CALLER_WITH_KEYS, "SnapStartFunction", "-e", event.toString(), "--timing");

    // On a line of its own, even after a log line the function did not end.
    assertThat(r.stderr()).contains("a last log line without a newline\n{\"localInvokeTiming\"");
    Json timing =
        Json.parse(
            r.stderr()
                .lines()
                .filter(l -> l.contains("localInvokeTiming"))
                .findFirst()
                .orElseThrow());
    double total = timing.get("startToResponseMillis").number().orElseThrow().doubleValue();
    double init = timing.get("initMillis").number().orElseThrow().doubleValue();
    double restore = timing.get("restoreToResponseMillis").number().orElseThrow().doubleValue();
    assertThat(timing.get("snapStart").bool()).contains(true);
    assertThat(init).isPositive();
    assertThat(restore).isPositive();
    assertThat(init + restore).isCloseTo(total, org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void severalInvocationsAtOnceEachGetTheirOwnFilesAndAllSucceed() throws Exception {
    int parallel = 4;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try {
      List<Future<Result>> runs = new ArrayList<>();
      for (int i = 0; i < parallel; i++) {
        runs.add(
            pool.submit(
                () -> {
                  start.await();
                  return invoke(CALLER_WITH_KEYS, "EchoFunction", "-e", event.toString());
                }));
      }
      start.countDown();
      List<Json> files = new ArrayList<>();
      for (Future<Result> run : runs) {
        Result r = run.get(120, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.exit()).as(r.stdout() + r.stderr()).isZero();
        files.add(r.json().get("files"));
      }
      // Each JVM loads its own copy of the native library (never the client's shared /tmp path),
      // and works and writes temp files in its own directory, removed afterwards.
      assertThat(files.stream().map(f -> f.get("nativeLibrary").text()))
          .doesNotHaveDuplicates()
          .doesNotContain("/tmp/.libaws-lambda-jni.so");
      for (Json f : files) {
        Path cwd = Paths.get(f.get("cwd").text());
        assertThat(f.get("nativeLibrary").text()).startsWith(cwd.toString());
        assertThat(f.get("tmpdir").text()).startsWith(cwd.toString());
        assertThat(cwd).doesNotExist();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aCrashingJvmLeavesItsCrashReportInItsOwnDirectoryAndSaysWhere() throws IOException {
    Path here = Paths.get("").toAbsolutePath();

    Result r = invoke("CrashingFunction", "-e", event.toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.json().get("errorType").text()).isEqualTo("Runtime.ExitError");
    String line =
        r.stderr()
            .lines()
            .filter(l -> l.startsWith("local-invoke: the function's JVM crashed"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(r.stderr()));
    Path report = Paths.get(line.substring(line.indexOf(" is ") + 4));
    try {
      assertThat(report).isRegularFile();
      assertThat(report.getFileName().toString()).startsWith("hs_err_pid");
      assertThat(report.getParent()).isNotEqualTo(here);
      try (Stream<Path> files = Files.list(here)) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .noneMatch(n -> n.startsWith("hs_err_pid"));
      }
    } finally {
      try (Stream<Path> files = Files.walk(report.getParent())) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void snapstartChoicesAreExclusive() {
    Result r = invoke("SnapStartFunction", "-e", event.toString(), "--snapstart", "--no-snapstart");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.stderr()).contains("--snapstart and --no-snapstart");
  }

  // --- the Runtime's JDK and flags, the AOT cache ---

  /** The JDK 25 these tests need; a clear failure naming the fix where there is none. */
  static Jdk jdk25() {
    Jdk.Choice choice =
        Jdk.forRuntime(
            "java25", "test", System.getenv(), Jdk.usualFolders(System.getenv()), Jdk.current());
    assertThat(choice.jdk().feature())
        .as(
            "these tests need a JDK 25: install one (e.g. Temurin 25 under /usr/lib/jvm) or set JAVA25_HOME")
        .isEqualTo(25);
    return choice.jdk();
  }

  private static List<String> jvmFlags(Result r) {
    return List.of(r.json().path("jvm", "flags").text().split("\n"));
  }

  private static int jvmFeature(Result r) {
    return Integer.parseInt(r.json().path("jvm", "feature").text());
  }

  private static Result invokeWithJdkFolders(
      List<Path> folders, Map<String, String> callerEnv, String... args) {
    return invoke(LocalInvoke.Limits.LAMBDA, folders, callerEnv, args);
  }

  @Test
  void aJava25FunctionRunsOnJdk25WithTheJava25RuntimesOnDemandFlags() {
    jdk25();

    Result r = invoke("Java25EchoFunction", "-e", event.toString());

    assertThat(r.exit()).as(r.stderr()).isZero();
    assertThat(jvmFeature(r)).isEqualTo(25);
    assertThat(jvmFlags(r))
        .contains(
            "-XX:+TieredCompilation",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Xshare:auto",
            "--enable-native-access=ALL-UNNAMED");
    assertThat(r.json().path("env", "AWS_EXECUTION_ENV").text()).isEqualTo("AWS_Lambda_java25");
    // The runtime client's System.load is granted native access: no JDK 24+ warning in the log.
    assertThat(r.stderr()).doesNotContain("WARNING").doesNotContain("no JDK 25");
  }

  @Test
  void underSnapStartJava25CompilesWithTheJvmsDefaultTiersAsLambdaDoes() {
    jdk25();

    Result r =
        invoke(CALLER_WITH_KEYS, "Java25EchoFunction", "-e", event.toString(), "--snapstart");

    assertThat(r.exit()).as(r.stderr()).isZero();
    assertThat(jvmFeature(r)).isEqualTo(25);
    assertThat(jvmFlags(r))
        .contains("-XX:+TieredCompilation")
        .noneMatch(f -> f.startsWith("-XX:TieredStopAtLevel"));
  }

  @Test
  void aJava17FunctionRunsOnTheDefaultJdkStoppingAtC1() {
    Result r = invoke("EchoFunction", "-e", event.toString());

    assertThat(jvmFeature(r)).isEqualTo(Runtime.version().feature());
    assertThat(jvmFlags(r)).contains("-XX:TieredStopAtLevel=1", "-Xshare:auto");
    assertThat(r.json().path("env", "AWS_EXECUTION_ENV").text()).isEqualTo("AWS_Lambda_java17");
  }

  @Test
  void runtimeRunsAFunctionAsIfItsTemplateNamedAnotherRuntime() {
    Result r = invoke("Java25EchoFunction", "-e", event.toString(), "--runtime", "java17");

    assertThat(r.exit()).as(r.stderr()).isZero();
    assertThat(jvmFeature(r)).isEqualTo(17);
    assertThat(r.json().path("env", "AWS_EXECUTION_ENV").text()).isEqualTo("AWS_Lambda_java17");
    assertThat(
            invoke("Java25EchoFunction", "-e", event.toString(), "--runtime", "python3.13")
                .stderr())
        .contains("Runtime python3.13 is not a Lambda Java runtime");
  }

  @Test
  void javaNHomeNamesTheJdkOfARuntime() throws IOException {
    Jdk jdk25 = jdk25();
    Path noFolders = Files.createDirectories(dir.resolve("no-jdks"));
    Map<String, String> caller = new HashMap<>(Map.of("AWS_REGION", "eu-west-1"));
    caller.put("JAVA25_HOME", jdk25.home().toString());

    Result r =
        invokeWithJdkFolders(
            List.of(noFolders), caller, "Java25EchoFunction", "-e", event.toString());

    assertThat(r.exit()).as(r.stderr()).isZero();
    assertThat(jvmFeature(r)).isEqualTo(25);

    caller.put("JAVA25_HOME", Jdk.current().home().toString());
    Result wrong =
        invokeWithJdkFolders(
            List.of(noFolders), caller, "Java25EchoFunction", "-e", event.toString());
    assertThat(wrong.exit()).isEqualTo(2);
    assertThat(wrong.stderr().strip())
        .isEqualTo(
            "local-invoke: JAVA25_HOME="
                + Jdk.current().home()
                + " is a JDK "
                + Runtime.version().feature()
                + ", not 25");
  }

  @Test
  void withoutTheRuntimesJdkItSaysSoInOneLineAndRunsOnTheDefaultJdk() throws IOException {
    Path noFolders = Files.createDirectories(dir.resolve("no-jdks"));

    Result r =
        invokeWithJdkFolders(
            List.of(noFolders),
            Map.of("AWS_REGION", "eu-west-1"),
            "Java25EchoFunction",
            "-e",
            event.toString());

    assertThat(r.exit()).as(r.stderr()).isZero();
    assertThat(jvmFeature(r)).isEqualTo(Runtime.version().feature());
    assertThat(r.stderr().lines().filter(l -> l.startsWith("local-invoke:")))
        .containsExactly(
            "local-invoke: Java25EchoFunction runs on java25 but no JDK 25 is installed (set JAVA25_HOME or install one "
                + "under /usr/lib/jvm): running it on the default JDK "
                + Runtime.version().feature()
                + " ("
                + Jdk.current().build()
                + ")");
  }

  /** Trains a function's cache; the training's summary line. */
  private static String train(String logicalId, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                logicalId, "--train-aot-cache", "-e", event.toString(), "-e", event.toString()));
    args.addAll(List.of(more));
    Result r = invoke(CALLER_WITH_KEYS, args.toArray(new String[0]));
    assertThat(r.exit()).as(r.stdout() + r.stderr()).isZero();
    return r.stderr()
        .lines()
        .filter(l -> l.startsWith("local-invoke: AOT cache "))
        .findFirst()
        .orElseThrow(() -> new AssertionError(r.stderr()));
  }

  private static Json timing(Result r) {
    return Json.parse(
        r.stderr()
            .lines()
            .filter(l -> l.contains("localInvokeTiming"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(r.stderr())));
  }

  @Test
  void aTrainedAotCacheIsTakenByTheNextRunOfThatFunctionOnThatJdk() throws IOException {
    Jdk jdk25 = jdk25();
    String summary = train("AotEchoFunction");
    Path cache = dir.resolve("aot/AotEchoFunction.aot");
    assertThat(summary)
        .isEqualTo(
            "local-invoke: AOT cache "
                + cache
                + " ("
                + Files.size(cache) / (1024 * 1024)
                + " MB), trained on JDK "
                + jdk25.build()
                + " with 2 events");
    Json trained = Json.parse(Files.readString(dir.resolve("aot/AotEchoFunction.aot.json")));
    assertThat(trained.get("jvm").text()).isEqualTo(jdk25.build());
    Path classes = dir.resolve("aot-classes.log");

    // -XX:AOTMode=on: the JVM refuses to start rather than run without the cache.
    Result r =
        invoke(
            "AotEchoFunction",
            "-e",
            event.toString(),
            "--timing",
            "--jvm-option",
            "-XX:AOTMode=on",
            "--jvm-option",
            "-Xlog:class+load=info:file=" + classes);

    assertThat(r.exit()).as(r.stdout() + r.stderr()).isZero();
    assertThat(timing(r).get("aotCache").bool()).contains(true);
    assertThat(jvmFlags(r)).contains("-XX:AOTCache=" + cache).doesNotContain("-Xshare:auto");
    // The handler, from the function's jar, was loaded and linked in the training: it comes from
    // the cache.
    assertThat(Files.readAllLines(classes))
        .anyMatch(
            l ->
                l.contains(
                    "dev.pipelineguard.localinvoke.fixtures.EchoHandler source: shared objects file"));
    // In a directory of its own all the same: the cache does not depend on the per-invocation one.
    assertThat(r.json().path("files", "cwd").text())
        .startsWith(System.getProperty("java.io.tmpdir"));
  }

  @Test
  void aCacheThatNoLongerFitsItsJarIsLeftOutWithOneLineSayingWhy() throws IOException {
    jdk25();
    train("StaleAotEchoFunction");
    Path jar = dir.resolve("stale-aot-functions.jar");
    Files.setLastModifiedTime(
        jar,
        java.nio.file.attribute.FileTime.fromMillis(
            Files.getLastModifiedTime(jar).toMillis() + 60_000));

    Result r = invoke("StaleAotEchoFunction", "-e", event.toString(), "--timing");

    assertThat(r.exit()).as(r.stderr()).isZero();
    assertThat(timing(r).get("aotCache").bool()).contains(false);
    assertThat(jvmFlags(r)).contains("-Xshare:auto");
    assertThat(r.stderr().lines().filter(l -> l.startsWith("local-invoke: not using")))
        .containsExactly(
            "local-invoke: not using the AOT cache "
                + dir.resolve("aot/StaleAotEchoFunction.aot")
                + ": stale-aot-functions.jar changed since the training; rebuild it with `"
                + AotCache.REBUILD
                + "`");
    // Nor does another runtime's JDK take it.
    Result onJdk17 = invoke("StaleAotEchoFunction", "-e", event.toString(), "--runtime", "java17");
    assertThat(onJdk17.stderr())
        .contains(
            "it was trained on JDK "
                + jdk25().build()
                + " and this run is on JDK "
                + Jdk.current().build());
  }

  @Test
  void aSnapStartFunctionIsTrainedThroughItsPrimingAndUsesItsCacheOnlyOnDemand() {
    jdk25();
    assertThat(train("AotSnapStartFunction")).endsWith("with 2 events after the SnapStart priming");

    Result onDemand =
        invoke(
            CALLER_WITH_KEYS,
            "AotSnapStartFunction",
            "-e",
            event.toString(),
            "--no-snapstart",
            "--timing",
            "--jvm-option",
            "-XX:AOTMode=on");
    assertThat(onDemand.exit()).as(onDemand.stderr()).isZero();
    assertThat(timing(onDemand).get("aotCache").bool()).contains(true);

    Result snapStart =
        invoke(CALLER_WITH_KEYS, "AotSnapStartFunction", "-e", event.toString(), "--timing");
    assertThat(snapStart.exit()).as(snapStart.stderr()).isZero();
    assertThat(lifecycle(snapStart))
        .containsExactly("init", "beforeCheckpoint", "afterRestore", "invoke");
    assertThat(timing(snapStart).get("aotCache").bool()).contains(false);
    assertThat(snapStart.stderr())
        .contains(
            "local-invoke: AotSnapStartFunction runs through SnapStart, so without "
                + "its AOT cache AotSnapStartFunction.aot (--no-snapstart runs an on-demand start with it)");
  }

  @Test
  void trainingNeedsJdk25AndSeveralEventsAreForTrainingOnly() {
    Result onJdk17 = invoke("EchoFunction", "--train-aot-cache", "-e", event.toString());
    assertThat(onJdk17.exit()).isEqualTo(2);
    assertThat(onJdk17.stderr())
        .contains("local-invoke: training an AOT cache for EchoFunction needs JDK 25");
    assertThat(dir.resolve("aot/EchoFunction.aot")).doesNotExist();

    Result twoEvents = invoke("EchoFunction", "-e", event.toString(), "-e", event.toString());
    assertThat(twoEvents.exit()).isEqualTo(2);
    assertThat(twoEvents.stderr()).contains("one event per invocation (-e given 2 times)");
  }
}
