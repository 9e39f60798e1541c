package dev.pipelineguard.localinvoke;

import java.nio.file.Path;
import java.util.Map;

/**
 * What local-invoke needs of one AWS::Serverless::Function, with Globals merged and intrinsics
 * resolved. {@code runtime}: its {@code Runtime} ({@code java25}), null when the template names
 * none. {@code snapStart}: the template sets {@code SnapStart: ApplyOn: PublishedVersions}.
 */
record FunctionSpec(
    String logicalId,
    String handler,
    String runtime,
    Path codeUri,
    int timeoutSeconds,
    int memoryMb,
    Map<String, String> environment,
    boolean snapStart) {}
