/**
 * The pre-deploy validator's entry point: the Lambda handler, one invocation from payload to report
 * ({@code PreDeployValidator}: parse the job, run the checks, decide, report once, publish), its
 * configuration and the {@code Wiring} of ports to adapters. The rules live in the sub-packages:
 * {@code job} (what CodePipeline sends), {@code check} (what is checked and how), {@code result}
 * (what is reported), {@code model} (what the checks read) and {@code aws} (how it is read).
 */
package dev.pipelineguard.validator;
