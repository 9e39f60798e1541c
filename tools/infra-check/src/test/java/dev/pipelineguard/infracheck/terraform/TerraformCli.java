package dev.pipelineguard.infracheck.terraform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The terraform CLI as the tests run it: a CLI configuration generated in {@code target/terraform/}
 * (TF_CLI_CONFIG_FILE), so nothing in the user's home is read as configuration or written. The
 * hashicorp/aws provider comes from a filesystem mirror when this machine has one (the project's
 * machines carry one at /opt/tf-plugins), otherwise from a normal download into a plugin cache
 * shared by every root of one run. No provider at all is one clear failure, never a skip.
 */
final class TerraformCli {
  static final String PROVIDER = "registry.terraform.io/hashicorp/aws";

  /** The versions.tf constraint is ">= 5.100, < 6.0": a mirror must hold one of those. */
  private static final int MAJOR = 5;

  private static final int MIN_MINOR = 100;

  /** Where to look for a mirror, after $PIPELINEGUARD_TF_PROVIDER_MIRROR. */
  static final List<Path> MIRROR_CANDIDATES = List.of(Path.of("/opt/tf-plugins"));

  /** Variables of the caller's shell that would change what terraform does here. */
  private static final List<String> DROPPED_ENV_PREFIXES =
      List.of(
          "TF_VAR_",
          "TF_CLI_ARGS",
          "TF_CLI_CONFIG_FILE",
          "TF_DATA_DIR",
          "TF_WORKSPACE",
          "TF_LOG",
          "TF_PLUGIN_CACHE_DIR",
          "TF_INPUT",
          "TF_IN_AUTOMATION",
          "AWS_PROFILE",
          "AWS_ACCESS_KEY_ID",
          "AWS_SECRET_ACCESS_KEY",
          "AWS_SESSION_TOKEN",
          "AWS_ENDPOINT_URL",
          "AWS_REGION",
          "AWS_DEFAULT_REGION",
          "AWS_CONFIG_FILE",
          "AWS_SHARED_CREDENTIALS_FILE");

  private static final java.util.concurrent.atomic.AtomicInteger LOG_NUMBER =
      new java.util.concurrent.atomic.AtomicInteger();
  private static TerraformCli shared;

  private final String executable;
  private final Path home;
  private final Path config;
  private final Optional<Path> mirror;
  private boolean providerChecked;
  private String providerMissing;

  /** What one terraform command did. */
  record Result(List<String> command, int exit, String stdout, String stderr) {
    String output() {
      return stdout + stderr;
    }

    String describe() {
      return String.join(" ", command) + " exited " + exit + ":\n" + output();
    }
  }

  private TerraformCli(String executable, Path home, Optional<Path> mirror) {
    this.executable = executable;
    this.home = home;
    this.config = home.resolve("cli.tfrc");
    this.mirror = mirror;
  }

  /**
   * One per test JVM: the CLI configuration is written once, under
   * tools/infra-check/target/terraform.
   */
  static synchronized TerraformCli shared() {
    if (shared == null) {
      Path home = Path.of("target", "terraform").toAbsolutePath().normalize();
      shared = new TerraformCli(executable(), home, findMirror());
      TerraformWorkspace.delete(home.resolve("logs")); // this run's logs only
      shared.writeConfig();
    }
    return shared;
  }

  Path home() {
    return home;
  }

  Optional<Path> mirror() {
    return mirror;
  }

  /**
   * Makes sure the provider can be installed before any root needs it: with a mirror there is
   * nothing to do; without one, a first {@code terraform init} downloads it into the shared plugin
   * cache (alone, as Terraform's cache is not safe for concurrent writes). Fails with one line
   * naming the fix.
   */
  synchronized void requireProvider() {
    if (providerMissing != null) {
      throw new IllegalStateException(
          providerMissing); // tried once already: every root fails the same way
    }
    if (providerChecked || mirror.isPresent()) {
      providerChecked = true;
      return;
    }
    Path probe = home.resolve("provider-probe");
    try {
      Files.createDirectories(probe);
      Files.writeString(
          probe.resolve("versions.tf"),
          """
          # Written by tools/infra-check (TerraformCli): downloads the provider once into the plugin cache.
          terraform {
            required_providers {
              aws = {
                source  = "hashicorp/aws"
                version = ">= 5.100, < 6.0"
              }
            }
          }
          """);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Result init =
        run(probe, Duration.ofMinutes(10), "init", "-backend=false", "-input=false", "-no-color");
    if (init.exit() != 0) {
      providerMissing = missingProvider(firstError(init.output()));
      throw new IllegalStateException(providerMissing);
    }
    providerChecked = true;
  }

  /**
   * {@code terraform init} of a root; a provider that cannot be installed is the one-line failure.
   */
  Result init(Path dir, String... extra) {
    return init(dir, Map.of(), extra);
  }

  Result init(Path dir, Map<String, String> env, String... extra) {
    requireProvider();
    List<String> args = new ArrayList<>(List.of("init", "-input=false", "-no-color"));
    args.addAll(Arrays.asList(extra));
    return run(dir, Duration.ofMinutes(5), env, args.toArray(String[]::new));
  }

  Result run(Path dir, Duration timeout, String... args) {
    return run(dir, timeout, Map.of(), args);
  }

  /**
   * Runs terraform in {@code dir} with this CLI configuration and {@code env} on top of a cleaned
   * environment.
   */
  Result run(Path dir, Duration timeout, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(executable);
    command.addAll(Arrays.asList(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(name -> DROPPED_ENV_PREFIXES.stream().anyMatch(name::startsWith));
    environment.put("TF_CLI_CONFIG_FILE", config.toString());
    environment.put("TF_IN_AUTOMATION", "1");
    environment.put("TF_INPUT", "0");
    environment.put("CHECKPOINT_DISABLE", "1"); // no version check call home
    environment.putAll(env);
    // Output goes to files (kept under target/terraform/logs), so a command that hangs still shows
    // how far it got.
    Path log =
        home.resolve("logs")
            .resolve(
                "%03d-%s-%s"
                    .formatted(
                        LOG_NUMBER.incrementAndGet(),
                        home.relativize(dir.toAbsolutePath())
                            .toString()
                            .replaceAll("[^A-Za-z0-9]+", "-"),
                        args[0]));
    builder.redirectOutput(log.resolveSibling(log.getFileName() + ".out").toFile());
    builder.redirectError(log.resolveSibling(log.getFileName() + ".err").toFile());
    try {
      Files.createDirectories(log.getParent());
      Process process = builder.start();
      process.getOutputStream().close();
      boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
      String out = Files.readString(log.resolveSibling(log.getFileName() + ".out"));
      String err = Files.readString(log.resolveSibling(log.getFileName() + ".err"));
      if (!finished) {
        String seen = (out + err).strip();
        throw new IllegalStateException(
            "terraform "
                + String.join(" ", args)
                + " in "
                + dir
                + " did not finish within "
                + timeout
                + "; its last output:\n"
                + seen.substring(Math.max(0, seen.length() - 3000)));
      }
      return new Result(command.subList(1, command.size()), process.exitValue(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + executable, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while running terraform " + String.join(" ", args), e);
    }
  }

  private void writeConfig() {
    StringBuilder text =
        new StringBuilder(
            "# Written by tools/infra-check (TerraformCli) for the tests; not used by anything else.\n");
    if (mirror.isPresent()) {
      text.append(
          """
          # hashicorp/aws from the filesystem mirror (linked into .terraform, not copied); anything else
          # from the registry.
          provider_installation {
            filesystem_mirror {
              path    = "%s"
              include = ["%s"]
            }
            direct {
              exclude = ["%s"]
            }
          }
          """
              .formatted(mirror.get(), PROVIDER, PROVIDER));
    } else {
      text.append(
          """
          # No mirror on this machine: providers are downloaded once into this cache and linked from it
          # by every root (their lock files are fresh, hence the second setting).
          plugin_cache_dir                            = "%s"
          plugin_cache_may_break_dependency_lock_file = true
          """
              .formatted(home.resolve("plugin-cache")));
    }
    try {
      Files.createDirectories(home.resolve("plugin-cache"));
      Files.writeString(config, text.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + config, e);
    }
  }

  static Optional<Path> findMirror() {
    return findMirror(System.getenv("PIPELINEGUARD_TF_PROVIDER_MIRROR"), MIRROR_CANDIDATES);
  }

  /**
   * A mirror directory holding hashicorp/aws 5.x (>= 5.100) for this platform: {@code explicit}
   * first, then the candidates. {@code explicit = "none"} uses no mirror (to try the download
   * path).
   */
  static Optional<Path> findMirror(String explicit, List<Path> defaults) {
    if ("none".equals(explicit)) {
      return Optional.empty();
    }
    List<Path> candidates = new ArrayList<>();
    if (explicit != null && !explicit.isBlank()) {
      candidates.add(Path.of(explicit));
    }
    candidates.addAll(defaults);
    for (Path candidate : candidates) {
      if (holdsProvider(candidate)) {
        return Optional.of(candidate.toAbsolutePath().normalize());
      }
    }
    return Optional.empty();
  }

  static boolean holdsProvider(Path mirror) {
    Path versions = mirror.resolve(PROVIDER);
    if (!Files.isDirectory(versions)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(versions)) {
      return entries.anyMatch(
          version ->
              acceptedVersion(version.getFileName().toString())
                  && hasExecutable(version.resolve(platform())));
    } catch (IOException e) {
      return false;
    }
  }

  static boolean acceptedVersion(String version) {
    String[] parts = version.split("\\.");
    try {
      return parts.length == 3
          && Integer.parseInt(parts[0]) == MAJOR
          && Integer.parseInt(parts[1]) >= MIN_MINOR;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean hasExecutable(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(
          f ->
              f.getFileName().toString().startsWith("terraform-provider-aws")
                  && Files.isExecutable(f));
    } catch (IOException e) {
      return false;
    }
  }

  /** Terraform's platform directory name, e.g. linux_amd64. */
  static String platform() {
    String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT);
    String arch = System.getProperty("os.arch").toLowerCase(java.util.Locale.ROOT);
    String goOs = os.contains("mac") ? "darwin" : os.contains("win") ? "windows" : "linux";
    String goArch = arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "amd64";
    return goOs + "_" + goArch;
  }

  static String missingProvider(String reason) {
    return "hashicorp/aws provider (>= 5.100, < 6.0) not available: no filesystem mirror in "
        + "$PIPELINEGUARD_TF_PROVIDER_MIRROR or "
        + MIRROR_CANDIDATES.get(0)
        + ", and terraform init could not download it ("
        + reason
        + "); fix: allow access to registry.terraform.io, or set PIPELINEGUARD_TF_PROVIDER_MIRROR to a mirror "
        + "made with `terraform providers mirror <dir>` (docs/terraform.md)";
  }

  /** The first line of Terraform's first error block, for a one-line message. */
  static String firstError(String output) {
    List<String> lines =
        output
            .lines()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.equals("╷") && !l.equals("│"))
            .toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).replaceFirst("^│\\s*", "");
      if (line.startsWith("Error:")) {
        return line.substring("Error:".length()).strip();
      }
    }
    return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
  }

  private static String executable() {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        Path candidate = Path.of(dir, "terraform");
        if (Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    }
    throw new IllegalStateException(
        "terraform is not installed: install Terraform 1.11 or newer "
            + "(https://developer.hashicorp.com/terraform/install)");
  }

  /** Environment for terraform commands that talk to an emulator, never to a real account. */
  static Map<String, String> emulatorCredentials(String region) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_ACCESS_KEY_ID", "testing");
    env.put("AWS_SECRET_ACCESS_KEY", "testing");
    env.put("AWS_REGION", region);
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    return env;
  }
}
