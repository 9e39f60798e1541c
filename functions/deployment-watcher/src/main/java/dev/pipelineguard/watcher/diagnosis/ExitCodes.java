package dev.pipelineguard.watcher.diagnosis;

/**
 * What a container's exit code usually means: re:Post "ECS task stopped" (common exit codes),
 * Bash's exit status (126, 127, 2) and signal(7) for 128 + signal (137 SIGKILL, 139 SIGSEGV, 143
 * SIGTERM). Pure.
 */
final class ExitCodes {
  private ExitCodes() {}

  static String meaning(int code) {
    switch (code) {
      case 0:
        return "exited normally, but an essential container must keep running: its command finished";
      case 1:
        return "application error: the process failed, see the container's logs";
      case 2:
        return "misuse of a shell command (invalid option or missing argument), or an error the application defines";
      case 126:
        return "the command could not be executed (not executable or permission denied)";
      case 127:
        return "command not found: check the image's entrypoint and command";
      case 130:
        return "interrupted (SIGINT)";
      case 134:
        return "aborted (SIGABRT): the process crashed, e.g. a failed assertion or a native crash";
      case 137:
        return "killed (SIGKILL): usually out of memory, or it did not stop within its stop timeout";
      case 139:
        return "segmentation fault (SIGSEGV): a native crash, often a library built for another CPU architecture";
      case 143:
        return "terminated (SIGTERM): asked to stop, e.g. by ECS replacing the task";
      case 255:
        return "exit status out of range (exit -1): the entrypoint or command failed fatally";
      default:
        if (code > 128 && code < 160) {
          return "killed by signal " + (code - 128);
        }
        return "application-specific exit code: see the container's logs";
    }
  }
}
