package dev.pipelineguard.validator;

import java.time.Instant;

/** An image that exists in ECR. */
public record ImageInfo(String digest, Instant pushedAt) {}
