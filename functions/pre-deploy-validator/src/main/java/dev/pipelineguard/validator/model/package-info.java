/**
 * What the checks read, as plain values: the service and its task definition, image references and
 * {@code imagedefinitions.json}, secret references and what reading them proved, target health, the
 * artifact file, the health URL's answer; and {@code TextSanitizer}, which every message runs
 * outside text through.
 */
package dev.pipelineguard.validator.model;
