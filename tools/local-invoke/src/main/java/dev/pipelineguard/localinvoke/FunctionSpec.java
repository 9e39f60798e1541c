package dev.pipelineguard.localinvoke;

import java.nio.file.Path;
import java.util.Map;

/**
 * What local-invoke needs of one AWS::Serverless::Function, with Globals merged and intrinsics
 * resolved. {@code snapStart}: the template sets {@code SnapStart: ApplyOn: PublishedVersions}.
 */
record FunctionSpec(
    String logicalId,
    String handler,
    Path codeUri,
    int timeoutSeconds,
    int memoryMb,
    Map<String, String> environment,
    boolean snapStart) {}
