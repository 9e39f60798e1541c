/**
 * The adapters behind the ports, named {@code <Service><Port>}: AWS SDK clients (built once, on
 * first use, every call bounded in time; failures read by the common {@code AwsErrors} into {@code
 * AwsCallException}s), the health URL probe over {@code HttpURLConnection}, and the reports topic
 * ({@code ReportTopic}: the common {@code SnsReportPublisher}).
 */
package dev.pipelineguard.validator.aws;
