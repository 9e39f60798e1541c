/**
 * The adapters behind the ports, named {@code <Service><Port>}: AWS SDK clients (built once, on
 * first use, every call bounded in time; errors classified by {@code AwsErrors}) and the health URL
 * probe over {@code HttpURLConnection}.
 */
package dev.pipelineguard.validator.aws;
