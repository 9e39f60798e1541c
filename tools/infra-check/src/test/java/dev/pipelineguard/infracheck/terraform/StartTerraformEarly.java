package dev.pipelineguard.infracheck.terraform;

import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Starts the Terraform work of {@link TerraformRootsTest} and {@link DevEnvironmentApplyTest} when
 * the test plan begins, if the plan holds them: the roots keep both cores busy while the apply
 * mostly waits on the provider's polling, so running them side by side (and beside the other
 * classes) saves minutes. The test classes themselves run one after the other and only await and
 * assert. Registered in META-INF/services.
 */
public final class StartTerraformEarly implements TestExecutionListener {
  @Override
  public void testPlanExecutionStarted(TestPlan plan) {
    boolean roots = false;
    boolean apply = false;
    for (TestIdentifier root : plan.getRoots()) {
      for (TestIdentifier test : plan.getDescendants(root)) {
        String name = test.getSource().map(StartTerraformEarly::className).orElse("");
        roots |= name.equals(TerraformRootsTest.class.getName());
        apply |= name.equals(DevEnvironmentApplyTest.class.getName());
      }
    }
    // A failure to start is reported by the test class that awaits the work, not here.
    if (apply) {
      var unused = DevEnvironmentApplyTest.start(); // the test class awaits the same future
    }
    if (roots) {
      try {
        TerraformRootsTest.start();
      } catch (RuntimeException e) {
        // TerraformRootsTest's @BeforeAll starts again and fails with the same message.
      }
    }
  }

  private static String className(TestSource source) {
    return source instanceof ClassSource classSource ? classSource.getClassName() : "";
  }
}
