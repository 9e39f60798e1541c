package dev.pipelineguard.watcher.diagnosis;

import dev.pipelineguard.watcher.evidence.StoppedTask;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The dominant reason across a deployment's stopped tasks. Pure: tasks in, verdict out.
 *
 * @param classification the dominant cause (from the most frequent variant of it)
 * @param stoppedTasks stopped tasks examined
 * @param failedTasks of those, the ones that stopped for a failure
 * @param normalStops of those, the ones stopped normally (replaced by a deployment, a user)
 * @param causeCount failed tasks with the dominant cause
 * @param reasons distinct failure reasons, most frequent first (ids and addresses ignored when
 *     grouping)
 * @param examples a few full reason texts of the dominant cause, oldest first
 * @param exampleTaskId a task that failed with the dominant cause, for a console link
 * @param fromServiceEvents no task explained the failure; the cause was read from service events
 * @param exitCodes the containers' exit codes across the failed tasks, non-zero first, then most
 *     frequent
 */
public record RootCause(
    Classification classification,
    int stoppedTasks,
    int failedTasks,
    int normalStops,
    int causeCount,
    List<ReasonCount> reasons,
    List<String> examples,
    Instant firstFailureAt,
    Instant lastFailureAt,
    String exampleTaskId,
    boolean fromServiceEvents,
    List<ExitCode> exitCodes) {

  static final int MAX_EXAMPLES = 3;
  static final int MAX_EXIT_CODES = 10;
  private static final Pattern VARIABLE =
      Pattern.compile("[0-9a-f]{8,}(-[0-9a-f]{4,})*|\\d+(\\.\\d+){3}(:\\d+)?|\\d+");

  /** A distinct reason and how many tasks stopped with it. */
  public record ReasonCount(String reason, int count) {}

  /**
   * A container's exit code, what it usually means ({@link ExitCodes}) and how many failed tasks
   * show it.
   */
  public record ExitCode(String container, int exitCode, String meaning, int count) {}

  /**
   * Analyses the stopped tasks of one deployment; when none of them shows a failure, the service
   * events (newest first, as DescribeServices returns them) are read instead.
   */
  public static RootCause analyze(List<StoppedTask> tasks, List<String> serviceEventMessages) {
    List<Failure> failures = new ArrayList<>();
    List<StoppedTask> failedTasks = new ArrayList<>();
    int normal = 0;
    int order = 0;
    for (StoppedTask task : tasks) {
      ReasonClassifier.TaskVerdict verdict = ReasonClassifier.classifyTask(task);
      if (verdict.classification().benign()) {
        normal++;
      } else {
        failures.add(
            new Failure(
                verdict.classification(),
                verdict.reason(),
                task.stoppedAt(),
                task.taskId(),
                order++));
        failedTasks.add(task);
      }
    }
    boolean fromEvents = false;
    if (failures.isEmpty() && serviceEventMessages != null) {
      for (String message : serviceEventMessages) {
        Classification c = ReasonClassifier.classify(message);
        if (c.isSpecific()) {
          failures.add(new Failure(c, message, null, null, order++));
        }
      }
      fromEvents = !failures.isEmpty();
    }
    if (failures.isEmpty()) {
      Classification unknown =
          Classification.of(Cause.UNKNOWN)
              .detailed(
                  tasks.isEmpty()
                      ? "no stopped task of the deployment could be read (ECS keeps them for about an hour)"
                      : "none of the "
                          + tasks.size()
                          + " stopped tasks of the deployment shows a failure");
      return new RootCause(
          unknown,
          tasks.size(),
          0,
          normal,
          0,
          List.of(),
          List.of(),
          null,
          null,
          null,
          false,
          List.of());
    }

    Cause dominant = dominantCause(failures);
    List<Failure> ofCause =
        failures.stream().filter(f -> f.classification.cause() == dominant).toList();
    Classification variant = mostFrequent(ofCause);

    List<String> examples = new ArrayList<>();
    String exampleTask = null;
    for (Failure f : sortedByTime(ofCause)) {
      if (exampleTask == null && f.taskId != null) {
        exampleTask = f.taskId;
      }
      if (examples.size() < MAX_EXAMPLES && !examples.contains(f.reason)) {
        examples.add(f.reason);
      }
    }
    Instant first = null;
    Instant last = null;
    for (Failure f : failures) {
      if (f.at != null) {
        first = first == null || f.at.isBefore(first) ? f.at : first;
        last = last == null || f.at.isAfter(last) ? f.at : last;
      }
    }
    return new RootCause(
        variant,
        tasks.size(),
        fromEvents ? 0 : failures.size(),
        normal,
        ofCause.size(),
        reasonCounts(failures),
        List.copyOf(examples),
        first,
        last,
        exampleTask,
        fromEvents,
        exitCodes(failedTasks));
  }

  /**
   * Exit codes per container name across the failed tasks: the fact an engineer looks for first
   * (137, 139 ...).
   */
  static List<ExitCode> exitCodes(List<StoppedTask> failedTasks) {
    Map<String, ExitCode> byKey = new LinkedHashMap<>();
    for (StoppedTask task : failedTasks) {
      for (StoppedTask.ContainerState c : task.containers()) {
        if (c.exitCode() == null) {
          continue;
        }
        String name = c.name() == null ? "container" : c.name();
        byKey.merge(
            name + "/" + c.exitCode(),
            new ExitCode(name, c.exitCode(), ExitCodes.meaning(c.exitCode()), 1),
            (a, b) -> new ExitCode(a.container(), a.exitCode(), a.meaning(), a.count() + 1));
      }
    }
    List<ExitCode> out = new ArrayList<>(byKey.values());
    out.sort(
        Comparator.comparing((ExitCode e) -> e.exitCode() == 0)
            .thenComparing(ExitCode::count, Comparator.reverseOrder()));
    return List.copyOf(out.subList(0, Math.min(out.size(), MAX_EXIT_CODES)));
  }

  /**
   * The most frequent cause; a tie goes to the cause seen first in time (the first failure is
   * usually the root).
   */
  private static Cause dominantCause(List<Failure> failures) {
    Map<Cause, List<Failure>> byCause = new LinkedHashMap<>();
    for (Failure f : sortedByTime(failures)) {
      byCause.computeIfAbsent(f.classification.cause(), k -> new ArrayList<>()).add(f);
    }
    Cause best = null;
    int bestCount = -1;
    for (Map.Entry<Cause, List<Failure>> e : byCause.entrySet()) {
      // UNKNOWN only wins when nothing else was recognised.
      int count = e.getKey() == Cause.UNKNOWN ? 0 : e.getValue().size();
      if (count > bestCount) {
        best = e.getKey();
        bestCount = count;
      }
    }
    return best;
  }

  private static Classification mostFrequent(List<Failure> failures) {
    Map<Classification, Integer> counts = new LinkedHashMap<>();
    for (Failure f : sortedByTime(failures)) {
      counts.merge(f.classification, 1, Integer::sum);
    }
    Classification best = null;
    int bestCount = 0;
    for (Map.Entry<Classification, Integer> e : counts.entrySet()) {
      if (e.getValue() > bestCount) {
        best = e.getKey();
        bestCount = e.getValue();
      }
    }
    return best;
  }

  private static List<ReasonCount> reasonCounts(List<Failure> failures) {
    Map<String, String> firstText = new LinkedHashMap<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Failure f : sortedByTime(failures)) {
      String key = groupKey(f.reason);
      firstText.putIfAbsent(key, f.reason);
      counts.merge(key, 1, Integer::sum);
    }
    List<ReasonCount> out = new ArrayList<>();
    counts.forEach((key, count) -> out.add(new ReasonCount(firstText.get(key), count)));
    out.sort(
        Comparator.comparingInt(ReasonCount::count).reversed()); // stable: ties keep time order
    return out;
  }

  /** Reasons that differ only in ids, addresses, counts and request ids are the same reason. */
  static String groupKey(String reason) {
    String lower = reason.toLowerCase(Locale.ROOT);
    int cut = lower.indexOf("request id");
    if (cut > 0) {
      lower = lower.substring(0, cut);
    }
    return VARIABLE.matcher(lower).replaceAll("#");
  }

  private static List<Failure> sortedByTime(List<Failure> failures) {
    List<Failure> sorted = new ArrayList<>(failures);
    sorted.sort(
        Comparator.comparing((Failure f) -> f.at, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparingInt(f -> f.order));
    return sorted;
  }

  private record Failure(
      Classification classification, String reason, Instant at, String taskId, int order) {}
}
