package dev.pipelineguard.infracheck.terraform;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.pipelineguard.emulation.TestAws;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where moto_server differs from AWS in ways the Terraform apply trips over, and how the test
 * harness (never terraform/) makes up for each. The files written here go into the test's copy of
 * the tree.
 */
final class MotoQuirks {
  /** Every AWS service the environments use; all go to moto except CodePipeline (see below). */
  private static final List<String> SERVICES =
      List.of(
          "codebuild",
          "codestarconnections",
          "ec2",
          "ecr",
          "ecs",
          "elbv2",
          "iam",
          "kms",
          "logs",
          "route53",
          "s3",
          "secretsmanager",
          "sns",
          "ssm",
          "sts",
          "dynamodb");

  private MotoQuirks() {}

  /**
   * A provider override for a root: every endpoint on the emulators, path-style S3 (moto on a
   * loopback port has no bucket subdomains), no EC2 metadata lookups. CodePipeline goes through
   * WireMock, which fixes moto's timestamps ({@link EpochTimestamps}).
   */
  static void providerOverride(Path root, URI moto, URI codePipeline) {
    StringBuilder endpoints = new StringBuilder();
    for (String service : SERVICES) {
      endpoints.append("    %-20s = \"%s\"\n".formatted(service, moto));
    }
    endpoints.append("    %-20s = \"%s\"\n".formatted("codepipeline", codePipeline));
    write(
        root.resolve("moto_override.tf"),
        """
        # Written by the test harness (tools/infra-check MotoQuirks): this copy applies to moto_server.
        provider "aws" {
          skip_credentials_validation = true
          skip_metadata_api_check     = true
          s3_use_path_style           = true

          endpoints {
        %s  }
        }
        """
            .formatted(endpoints));
  }

  /** Extra -backend-config for the S3 backend on moto (credentials come from the environment). */
  static Path backendOverride(Path root, URI moto) {
    Path file = root.resolve("moto-backend.hcl");
    write(
        file,
        """
        # Written by the test harness (tools/infra-check MotoQuirks): the S3 backend on moto_server.
        endpoints                   = { s3 = "%s", sts = "%s" }
        use_path_style              = true
        skip_credentials_validation = true
        skip_requesting_account_id  = true
        skip_metadata_api_check     = true
        """
            .formatted(moto, moto));
    return file;
  }

  /**
   * Two overrides of modules/codepipeline. moto requires a source and artifacts location even for
   * type CODEPIPELINE, where AWS ignores one. And moto evaluates a bucket policy statement with a
   * Condition as matching whatever the condition says, so the TLS-only Deny (aws:SecureTransport =
   * false) denies every object request; the policy's content is asserted by the plan tests, here it
   * is replaced by one moto evaluates correctly.
   */
  static void codePipelineModuleOverride(Path module) {
    write(
        module.resolve("moto_override.tf"),
        """
        # Written by the test harness (tools/infra-check MotoQuirks): moto's differences from AWS.
        resource "aws_codebuild_project" "this" {
          artifacts {
            type     = "CODEPIPELINE"
            location = "moto-requires-a-location"
          }

          source {
            type      = "CODEPIPELINE"
            buildspec = var.buildspec
            location  = "moto-requires-a-location"
          }
        }

        resource "aws_s3_bucket_policy" "artifacts" {
          policy = jsonencode({
            Version = "2012-10-17"
            Statement = [{
              Sid       = "MotoCannotEvaluateConditions"
              Effect    = "Allow"
              Principal = { AWS = "arn:aws:iam::123456789012:root" }
              Action    = "s3:GetObject"
              Resource  = "${aws_s3_bucket.artifacts.arn}/*"
            }]
          })
        }
        """);
  }

  /**
   * An override of modules/networking: moto 5.2 answers DescribeVpcEndpointServices with HTTP 500
   * (KeyError 'Value') for a service-name filter next to another filter or with several values,
   * which is how the module looks the names up in both partition forms. Here the lookup asks for
   * the one name the aws partition has (the filter's only value there); the aws-cn form is asserted
   * by the module's plan tests.
   */
  static void networkingModuleOverride(Path module, String region) {
    write(
        module.resolve("moto_override.tf"),
        """
        # Written by the test harness (tools/infra-check MotoQuirks): moto's differences from AWS.
        data "aws_vpc_endpoint_service" "interface" {
          service_name = "com.amazonaws.%1$s.${each.key}"

          filter {
            name   = "service-type"
            values = ["Interface"]
          }
        }

        data "aws_vpc_endpoint_service" "s3" {
          service_name = "com.amazonaws.%1$s.s3"

          filter {
            name   = "service-type"
            values = ["Gateway"]
          }
        }
        """
            .formatted(region));
  }

  /**
   * CodePipeline through WireMock: moto answers GetPipeline with {@code metadata.created}/{@code
   * updated} as ISO-8601 strings where the API (and so the provider's and the SDK's parsers)
   * expects epoch seconds; the job results moto lacks are answered {@code {}} by stubs the caller
   * adds.
   */
  static void fixCodePipelineTimestamps(WireMockServer wiremock, URI moto) {
    wiremock.stubFor(
        post(urlEqualTo("/"))
            .atPriority(50)
            .withHeader(
                "X-Amz-Target", matching("CodePipeline_20150709\\.(GetPipeline|ListPipelines)"))
            .willReturn(
                aResponse().proxiedFrom(moto.toString()).withTransformers(EpochTimestamps.NAME)));
  }

  /** An ACM certificate in moto (the listener needs one that exists); returns its ARN. */
  static String certificate(URI moto, String domain) {
    String body =
        call(
            moto,
            "acm",
            "CertificateManager.RequestCertificate",
            "{\"DomainName\":\"" + domain + "\",\"ValidationMethod\":\"DNS\"}");
    Matcher arn = Pattern.compile("\"CertificateArn\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
    if (!arn.find()) {
      throw new IllegalStateException("moto RequestCertificate answered without an ARN: " + body);
    }
    return arn.group(1);
  }

  /**
   * One AWS JSON 1.1 call to moto (ACM only; the SDK's ACM module is not worth a dependency for
   * it).
   */
  private static String call(URI moto, String service, String target, String json) {
    try {
      HttpURLConnection c = (HttpURLConnection) moto.toURL().openConnection();
      c.setRequestMethod("POST");
      c.setDoOutput(true);
      c.setConnectTimeout(10_000);
      c.setReadTimeout(30_000);
      c.setRequestProperty("Content-Type", "application/x-amz-json-1.1");
      c.setRequestProperty("X-Amz-Target", target);
      c.setRequestProperty(
          "Authorization",
          "AWS4-HMAC-SHA256 Credential=testing/20250101/"
              + TestAws.REGION
              + "/"
              + service
              + "/aws4_request, SignedHeaders=host, Signature=0");
      c.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
      try (InputStream in = c.getResponseCode() < 400 ? c.getInputStream() : c.getErrorStream()) {
        String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (c.getResponseCode() >= 400) {
          throw new IllegalStateException(
              "moto " + target + " answered " + c.getResponseCode() + ": " + answer);
        }
        return answer;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("moto " + target + " failed", e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Rewrites moto's ISO-8601 {@code created}/{@code updated} strings as the epoch seconds AWS
   * sends.
   */
  static final class EpochTimestamps implements ResponseTransformerV2 {
    static final String NAME = "codepipeline-epoch-timestamps";
    private static final Pattern ISO =
        Pattern.compile("\"(created|updated)\"\\s*:\\s*\"(\\d{4}-\\d\\d-\\d\\dT[^\"]+)\"");

    @Override
    public Response transform(Response response, ServeEvent serveEvent) {
      String body = response.getBodyAsString();
      Matcher m = ISO.matcher(body);
      StringBuilder fixed = new StringBuilder();
      while (m.find()) {
        long millis =
            Instant.parse(
                    m.group(2).endsWith("Z") || m.group(2).contains("+")
                        ? m.group(2)
                        : m.group(2) + "Z")
                .toEpochMilli();
        m.appendReplacement(
            fixed, "\"" + m.group(1) + "\":" + BigDecimal.valueOf(millis, 3).toPlainString());
      }
      m.appendTail(fixed);
      HttpHeaders headers =
          new HttpHeaders(
              response.getHeaders().all().stream()
                  .filter(h -> !h.keyEquals("Content-Length") && !h.keyEquals("Content-Encoding"))
                  .toList());
      return Response.Builder.like(response).but().headers(headers).body(fixed.toString()).build();
    }

    @Override
    public String getName() {
      return NAME;
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }
  }
}
