package dev.pipelineguard.validator.check;

import dev.pipelineguard.validator.job.JobEvent;
import dev.pipelineguard.validator.job.ValidatorParameters;
import dev.pipelineguard.validator.model.ArtifactFile;
import dev.pipelineguard.validator.model.HttpAnswer;
import dev.pipelineguard.validator.model.ImageDefinitions;
import dev.pipelineguard.validator.model.ImageInfo;
import dev.pipelineguard.validator.model.ImageUri;
import dev.pipelineguard.validator.model.ScanFindings;
import dev.pipelineguard.validator.model.SecretReference;
import dev.pipelineguard.validator.model.SecretShape;
import dev.pipelineguard.validator.model.ServiceState;
import dev.pipelineguard.validator.model.TargetHealth;
import dev.pipelineguard.validator.model.TaskDefinition;
import dev.pipelineguard.validator.result.CheckId;
import dev.pipelineguard.validator.result.CheckResult;
import dev.pipelineguard.validator.result.FailureType;
import dev.pipelineguard.validator.result.Outputs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs every check of one poll concurrently. Every AWS read starts as soon as what it depends on is
 * known: the artifact, the service and the required secrets at once; the task definition when the
 * service is read; the task definition's secrets, images and target groups right after. A check
 * that does not finish within the invocation's budget is PENDING; the next poll runs every check
 * again, from fresh reads. What a failed read means is each check's to decide: the runner only
 * reads, runs the checks and collects their results.
 */
public final class CheckRunner {
  /** Concurrent AWS reads; the SDK's sync clients are thread-safe and the work is I/O-bound. */
  public static final int THREADS = 16;

  private final ServiceReader services;
  private final ImageRegistry registry;
  private final SecretStore secrets;
  private final TargetHealthReader targets;
  private final HealthProbe http;
  private final ArtifactReader artifacts;
  private final Executor executor;

  public CheckRunner(
      ServiceReader services,
      ImageRegistry registry,
      SecretStore secrets,
      TargetHealthReader targets,
      HealthProbe http,
      ArtifactReader artifacts,
      Executor executor) {
    this.services = services;
    this.registry = registry;
    this.secrets = secrets;
    this.targets = targets;
    this.http = http;
    this.artifacts = artifacts;
    this.executor = executor;
  }

  /**
   * @param results every check's result, in check order
   * @param outputs the output variables from this poll's completed reads; empty when they did not
   *     complete within the budget
   * @param millis how long each check took (until its result was known)
   */
  public record Run(
      List<CheckResult> results, Optional<Outputs> outputs, Map<CheckId, Long> millis) {}

  public Run run(JobEvent job, ValidatorParameters params, Duration budget) {
    long start = System.nanoTime();
    long deadline = start + budget.toNanos();
    Poll poll = new Poll(job, params, new Deadline(deadline));
    Map<CheckId, CompletableFuture<CheckResult>> futures = new EnumMap<>(CheckId.class);
    Map<CheckId, Long> millis = new ConcurrentHashMap<>();
    for (CheckId check : CheckId.values()) {
      futures.put(
          check,
          poll.start(check)
              .exceptionally(t -> internalError(check, t))
              .whenComplete((r, t) -> millis.put(check, (System.nanoTime() - start) / 1_000_000)));
    }
    List<CheckResult> results = new ArrayList<>();
    for (Map.Entry<CheckId, CompletableFuture<CheckResult>> entry : futures.entrySet()) {
      results.add(await(entry.getKey(), entry.getValue(), deadline));
    }
    return new Run(results, poll.outputs(deadline), Map.copyOf(millis));
  }

  private static CheckResult await(
      CheckId check, CompletableFuture<CheckResult> future, long deadlineNanos) {
    try {
      return future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return CheckResult.pending(
          check,
          "did not finish within this invocation's time budget (slow AWS answers)",
          List.of());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CheckResult.pending(check, "interrupted", List.of());
    } catch (ExecutionException e) {
      return internalError(check, e.getCause());
    }
  }

  static CheckResult internalError(CheckId check, Throwable t) {
    Throwable cause =
        t instanceof java.util.concurrent.CompletionException && t.getCause() != null
            ? t.getCause()
            : t;
    return CheckResult.failed(
        check,
        FailureType.JOB_FAILED,
        "the check could not complete (internal error " + cause.getClass().getSimpleName() + ")",
        List.of(),
        "This is a validator problem: retry the stage; if it repeats, the validator's log for this job has details.");
  }

  /** The reads of one poll, shared by the checks that need them. */
  private final class Poll {
    private final JobEvent job;
    private final ValidatorParameters params;
    private final Deadline deadline;
    private final CompletableFuture<Fetched<ArtifactFile>> artifact;
    private final CompletableFuture<Fetched<ImageDefinitions>> definitions;
    private final CompletableFuture<Fetched<Optional<ServiceState>>> service;
    private final CompletableFuture<Fetched<TaskDefinition>> taskDefinition;
    private final CompletableFuture<TaskDefinitionRead> taskDefinitionRead;
    private final Map<String, CompletableFuture<Fetched<SecretShape>>> secretReads =
        new ConcurrentHashMap<>();

    Poll(JobEvent job, ValidatorParameters params, Deadline deadline) {
      this.job = job;
      this.params = params;
      this.deadline = deadline;
      this.artifact =
          job.inputArtifacts().isEmpty()
              ? CompletableFuture.completedFuture(
                  Fetched.notRead("the action has no input artifact"))
              : async(this::readArtifact);
      this.definitions =
          artifact.thenApply(
              a ->
                  a.ok() && a.value().found()
                      ? Fetched.of(ImageDefinitions.parse(a.value().content()))
                      : Fetched.notRead("imagedefinitions.json could not be read"));
      this.service = async(() -> services.describeService(params.cluster(), params.service()));
      this.taskDefinition =
          service.thenCompose(
              s -> {
                if (s.error() != null) {
                  return CompletableFuture.completedFuture(Fetched.failed(s.error()));
                }
                if (s.value() == null || s.value().isEmpty()) {
                  return CompletableFuture.completedFuture(
                      Fetched.notRead("the service does not exist"));
                }
                String arn = s.value().get().taskDefinitionArn();
                return async(() -> services.describeTaskDefinition(arn));
              });
      // The task definition is read after the service, so the service is known by then.
      this.taskDefinitionRead =
          taskDefinition.thenApply(td -> new TaskDefinitionRead(service.join(), td));
      for (SecretReference ref : params.requiredSecrets()) {
        var unused = readSecret(ref); // starts the read; secretReads keeps it for the checks
      }
    }

    private <T> CompletableFuture<Fetched<T>> async(Supplier<T> read) {
      return CompletableFuture.supplyAsync(() -> Fetched.attempt(read), executor);
    }

    private ArtifactFile readArtifact() {
      ArtifactFile first = null;
      for (JobEvent.InputArtifact input : job.inputArtifacts()) {
        ArtifactFile file =
            artifacts.find(input, job.credentials(), ImageDefinitions.FILE_NAME, deadline);
        if (file.found()) {
          return file;
        }
        first = first == null ? file : first;
      }
      return first;
    }

    private CompletableFuture<Fetched<SecretShape>> readSecret(SecretReference ref) {
      return secretReads.computeIfAbsent(ref.versionKey(), k -> async(() -> secrets.probe(ref)));
    }

    CompletableFuture<CheckResult> start(CheckId check) {
      switch (check) {
        case ARTIFACT:
          return artifactCheck();
        case IMAGE:
          return imageCheck();
        case SECRETS:
          return secretsCheck();
        case PLAINTEXT_SECRETS:
          return taskDefinitionRead.thenApply(PlaintextSecretsCheck::evaluate);
        case HEALTH:
          return healthCheck();
        default:
          throw new IllegalArgumentException("unknown check " + check);
      }
    }

    private CompletableFuture<CheckResult> artifactCheck() {
      return CompletableFuture.allOf(artifact, definitions, taskDefinition)
          .thenApply(
              v ->
                  ArtifactCheck.evaluate(
                      job.inputArtifacts(),
                      artifact.join(),
                      definitions.join(),
                      taskDefinition.join()));
    }

    /**
     * The images named in imagedefinitions.json are looked up as soon as the artifact is read; the
     * task definition's other images (sidecars) when it is read. The check is decided when all of
     * them are known.
     */
    private CompletableFuture<CheckResult> imageCheck() {
      CompletableFuture<List<ImageCheck.Probe>> fromArtifact =
          definitions.thenCompose(d -> probeAll(d.ok() ? artifactImages(d.value()) : List.of()));
      CompletableFuture<List<ImageCheck.Probe>> others =
          CompletableFuture.allOf(definitions, taskDefinition)
              .thenCompose(v -> probeAll(otherImages(definitions.join(), taskDefinition.join())));
      return CompletableFuture.allOf(
              artifact, definitions, taskDefinitionRead, fromArtifact, others)
          .thenApply(
              v -> {
                List<ImageCheck.Probe> probes = new ArrayList<>(fromArtifact.join());
                probes.addAll(others.join());
                return ImageCheck.evaluate(
                    !job.inputArtifacts().isEmpty(),
                    artifact.join(),
                    definitions.join(),
                    taskDefinitionRead.join(),
                    probes,
                    params.imageScan());
              });
    }

    private CompletableFuture<List<ImageCheck.Probe>> probeAll(List<Outputs.Image> images) {
      List<CompletableFuture<ImageCheck.Probe>> probes =
          images.stream().map(this::probeImage).toList();
      return CompletableFuture.allOf(probes.toArray(new CompletableFuture<?>[0]))
          .thenApply(v -> probes.stream().map(CompletableFuture::join).toList());
    }

    private CompletableFuture<ImageCheck.Probe> probeImage(Outputs.Image image) {
      ImageUri.Parsed parsed = ImageUri.parse(image.uri());
      Optional<ImageUri.EcrImage> ecr =
          parsed.image() == null ? Optional.empty() : parsed.image().ecr();
      if (ecr.isEmpty()) {
        return CompletableFuture.completedFuture(
            new ImageCheck.Probe(image.container(), image.uri(), parsed.image(), null, null));
      }
      CompletableFuture<Fetched<ImageInfo>> info = async(() -> registry.describeImage(ecr.get()));
      CompletableFuture<Fetched<ScanFindings>> scan =
          params.imageScan() == null
              ? CompletableFuture.completedFuture(null)
              : async(() -> registry.scanFindings(ecr.get()));
      return info.thenCombine(
          scan,
          (i, s) -> new ImageCheck.Probe(image.container(), image.uri(), parsed.image(), i, s));
    }

    private CompletableFuture<CheckResult> secretsCheck() {
      return taskDefinitionRead.thenCompose(
          td -> {
            SecretsCheck.Plan plan = SecretsCheck.plan(td, params.requiredSecrets());
            if (plan.result() != null) {
              return CompletableFuture.completedFuture(plan.result());
            }
            Map<String, CompletableFuture<Fetched<SecretShape>>> reads = new LinkedHashMap<>();
            for (SecretsCheck.Usage usage : plan.usages()) {
              reads.put(usage.reference().versionKey(), readSecret(usage.reference()));
            }
            return CompletableFuture.allOf(reads.values().toArray(new CompletableFuture<?>[0]))
                .thenApply(
                    v -> {
                      Map<String, Fetched<SecretShape>> shapes = new LinkedHashMap<>();
                      reads.forEach((key, future) -> shapes.put(key, future.join()));
                      return SecretsCheck.evaluate(
                          plan.usages(), plan.malformed(), shapes, plan.note());
                    });
          });
    }

    private CompletableFuture<CheckResult> healthCheck() {
      CompletableFuture<HttpAnswer> answer =
          params.healthUrl() == null
              ? CompletableFuture.completedFuture(null)
              : CompletableFuture.supplyAsync(
                  () -> http.get(params.healthUrl(), deadline), executor);
      return service.thenCompose(
          s -> {
            Map<String, CompletableFuture<Fetched<List<TargetHealth>>>> groups =
                new LinkedHashMap<>();
            if (s.ok() && s.value().isPresent()) {
              for (String arn : s.value().get().targetGroupArns()) {
                groups.computeIfAbsent(arn, a -> async(() -> targets.describeTargetHealth(a)));
              }
            }
            List<CompletableFuture<?>> all = new ArrayList<>(groups.values());
            all.add(answer);
            return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]))
                .thenApply(
                    v -> {
                      Map<String, Fetched<List<TargetHealth>>> health = new LinkedHashMap<>();
                      groups.forEach((arn, future) -> health.put(arn, future.join()));
                      return HealthCheck.evaluate(params, s, health, answer.join());
                    });
          });
    }

    /** The images of the task that will run: imagedefinitions.json's, and the others unchanged. */
    private List<Outputs.Image> deployedImages(
        Fetched<ImageDefinitions> d, Fetched<TaskDefinition> td) {
      List<Outputs.Image> out = new ArrayList<>(d.ok() ? artifactImages(d.value()) : List.of());
      out.addAll(otherImages(d, td));
      return out;
    }

    private List<Outputs.Image> artifactImages(ImageDefinitions d) {
      return d.entries().stream().map(e -> new Outputs.Image(e.name(), e.imageUri())).toList();
    }

    /** The task definition's containers that imagedefinitions.json does not replace. */
    private List<Outputs.Image> otherImages(
        Fetched<ImageDefinitions> d, Fetched<TaskDefinition> td) {
      if (!td.ok()) {
        return List.of();
      }
      Set<String> named = new LinkedHashSet<>();
      if (d.ok()) {
        d.value().entries().forEach(e -> named.add(e.name()));
      }
      List<Outputs.Image> out = new ArrayList<>();
      for (TaskDefinition.Container container : td.value().containers()) {
        if (!named.contains(container.name()) && container.image() != null) {
          out.add(new Outputs.Image(container.name(), container.image()));
        }
      }
      return out;
    }

    /**
     * Output variables from this poll's completed reads of the service, imagedefinitions.json and
     * the task definition, or empty when they did not complete by the deadline: never from a read
     * still in flight, which would leave the images out or name the running ones instead.
     */
    Optional<Outputs> outputs(long deadlineNanos) {
      try {
        CompletableFuture.allOf(service, definitions, taskDefinition)
            .get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        return Optional.empty();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
      Fetched<Optional<ServiceState>> s = service.join();
      String arn = s.ok() && s.value().isPresent() ? s.value().get().taskDefinitionArn() : null;
      return Optional.of(
          new Outputs(arn, deployedImages(definitions.join(), taskDefinition.join())));
    }
  }
}
