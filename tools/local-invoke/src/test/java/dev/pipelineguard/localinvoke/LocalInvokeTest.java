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
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
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
    Path classes = Paths.get(LocalInvokeTest.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(dir.resolve("test-functions.jar")))) {
      Path fixtures = classes.resolve("dev/pipelineguard/localinvoke/fixtures");
      Files.walkFileTree(fixtures, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          jar.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
          Files.copy(file, jar);
          jar.closeEntry();
          return FileVisitResult.CONTINUE;
        }
      });
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
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> all = new ArrayList<>(List.of(args));
    all.add("-t");
    all.add(template.toString());
    Instant start = Instant.now();
    int exit = new LocalInvoke(print(out), print(err), callerEnv,
        new ByteArrayInputStream("{\"from\":\"stdin\"}".getBytes(StandardCharsets.UTF_8)))
        .run(all.toArray(new String[0]));
    return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
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
    Result r = invoke("EchoFunction", "-e", event.toString(), "--parameter-overrides",
        "Stage=prod", "ParameterKey=TopicArn,ParameterValue=arn:aws:sns:eu-west-1:1:t");
    Json env = r.json().get("env");

    assertThat(env.get("STAGE").text()).isEqualTo("prod");
    assertThat(env.get("CONDITIONAL").text()).isEqualTo("big");
    assertThat(env.get("TOPIC").text()).isEqualTo("arn:aws:sns:eu-west-1:1:t");
  }

  @Test
  void envVarsFileOverridesOnlyDeclaredVariablesAndTheFunctionsOwnEntryWins() throws IOException {
    Path envFile = dir.resolve("env.json");
    Files.writeString(envFile, "{\"Parameters\": {\"FROM_ENV_FILE\": \"shared\", \"FROM_ENV_FILE_FUNCTION\": \"shared\","
        + " \"NOT_DECLARED\": \"x\"}, \"EchoFunction\": {\"FROM_ENV_FILE_FUNCTION\": \"own\"}}");

    Json env = invoke("EchoFunction", "-e", event.toString(), "-n", envFile.toString()).json().get("env");

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
    assertThat(env.has("SHELL_ONLY_VARIABLE")).isFalse();
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
    Result r = invoke("EchoFunction", "-e", event.toString(), "--timing",
        "--jvm-option", "-Dpassed.through=yes");

    assertThat(r.exit()).isZero();
    String line = r.stderr().lines().filter(l -> l.contains("localInvokeTiming")).findFirst().orElseThrow();
    Json timing = Json.parse(line);
    assertThat(timing.get("startToResponseMillis").number()).hasValueSatisfying(ms ->
        assertThat(ms.doubleValue()).isPositive().isLessThan(r.took().toMillis()));
    assertThat(timing.get("peakRssKb").wholeNumber()).hasValueSatisfying(kb -> assertThat(kb).isGreaterThan(10_000));
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
    assertThat(r.stderr().strip()).startsWith("local-invoke: no function NoSuchFunction in the template")
        .contains("EchoFunction").doesNotContain("\n");
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
    Result unknownParameter = invoke("EchoFunction", "-e", event.toString(), "--parameter-overrides", "Nope=1");
    assertThat(unknownParameter.exit()).isEqualTo(2);
    assertThat(unknownParameter.stderr()).contains("Nope is not a parameter of the template");
  }
}
