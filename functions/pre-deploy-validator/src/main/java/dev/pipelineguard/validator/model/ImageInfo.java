package dev.pipelineguard.validator.model;

import java.time.Instant;

/** An image that exists in ECR. */
public record ImageInfo(String digest, Instant pushedAt) {}
