/**
 * The checks and what they read through. {@code CheckRunner} starts every read as soon as what it
 * depends on is known and collects one result per check; each check ({@code ArtifactCheck}, {@code
 * ImageCheck}, {@code SecretsCheck}, {@code PlaintextSecretsCheck}, {@code HealthCheck}) is a pure
 * function from what was read to its result, and decides on its own what a failed read means for
 * it. The ports ({@code ServiceReader}, {@code ImageRegistry}, {@code SecretStore}, {@code
 * TargetHealthReader}, {@code HealthProbe}, {@code ArtifactReader}) report failures as {@code
 * AwsCallException}s.
 */
package dev.pipelineguard.validator.check;
