package dev.pipelineguard.infracheck.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of broken reference, in a small tree written for the test, is caught and named. */
class ReferenceCheckerTest {
  @TempDir
  Path root;

  private static final String APP_MODULE = """
      variable "name" {
        type        = string
        description = "Name."
      }

      variable "size" {
        type        = number
        description = "Size."
        default     = 1
      }

      resource "aws_s3_bucket" "this" {
        bucket = var.name
      }

      output "bucket_arn" {
        value = aws_s3_bucket.this.arn
      }
      """;

  private void write(String path, String text) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private List<String> findings() {
    return ReferenceChecker.check(root).stream().map(Finding::toString).toList();
  }

  @Test
  void acceptsAConsistentTree() throws IOException {
    write("modules/app/main.tf", APP_MODULE);
    write("env/main.tf", """
        module "app" {
          source = "../modules/app"
          name   = "x"
        }

        output "arn" {
          value = module.app.bucket_arn
        }
        """);

    assertThat(findings()).isEmpty();
  }

  @Test
  void reportsAnUndeclaredVariable() throws IOException {
    write("modules/app/main.tf", APP_MODULE + "\nresource \"aws_s3_object\" \"o\" {\n  key = var.image_tag\n}\n");

    assertThat(findings()).containsExactly(
        "modules/app/main.tf:21: var.image_tag is not declared (no variable \"image_tag\" in modules/app)");
  }

  @Test
  void reportsAnUndeclaredLocal() throws IOException {
    write("modules/app/main.tf", APP_MODULE + "\nlocals {\n  a = local.missing\n}\n");

    assertThat(findings()).containsExactly(
        "modules/app/main.tf:21: local.missing is not declared (no such entry in a locals block in modules/app)");
  }

  @Test
  void reportsAResourceTheModuleNeverDefines() throws IOException {
    // The article's IAM module referred to the artifact bucket that lives in another module.
    write("modules/iam/main.tf", """
        resource "aws_iam_role_policy" "p" {
          policy = jsonencode({
            Resource = ["${aws_s3_bucket.artifacts.arn}/*"]
          })
        }
        """);

    assertThat(findings()).containsExactly(
        "modules/iam/main.tf:3: aws_s3_bucket.artifacts is not declared (no resource \"aws_s3_bucket\" \"artifacts\" in modules/iam)");
  }

  @Test
  void reportsAnUndeclaredDataSource() throws IOException {
    write("modules/app/main.tf", APP_MODULE + "\nlocals {\n  r = data.aws_region.current.name\n}\n");

    assertThat(findings()).containsExactly(
        "modules/app/main.tf:21: data.aws_region.current is not declared (no data \"aws_region\" \"current\" in modules/app)");
  }

  @Test
  void reportsAReferenceInsideAHeredoc() throws IOException {
    write("modules/app/main.tf", APP_MODULE + "\nlocals {\n  doc = <<-EOT\n    ${aws_security_group.alb.id}\n  EOT\n}\n");

    assertThat(findings()).containsExactly(
        "modules/app/main.tf:22: aws_security_group.alb is not declared (no resource \"aws_security_group\" \"alb\" in modules/app)");
  }

  @Test
  void reportsAnUndeclaredModule() throws IOException {
    write("env/main.tf", "output \"x\" {\n  value = module.codepipeline.artifacts_bucket_arn\n}\n");

    assertThat(findings()).containsExactly(
        "env/main.tf:2: module.codepipeline is not declared (no module \"codepipeline\" in env)");
  }

  @Test
  void reportsAModuleOutputTheCalleeDoesNotDeclare() throws IOException {
    // The article's environment read module.iam.ecs_task_role_arn; its IAM module had no task role.
    write("modules/app/main.tf", APP_MODULE);
    write("env/main.tf", """
        module "app" {
          source = "../modules/app"
          name   = "x"
        }

        output "role" {
          value = module.app.ecs_task_role_arn
        }
        """);

    assertThat(findings()).containsExactly("env/main.tf:7: module.app.ecs_task_role_arn is not an output of modules/app");
  }

  @Test
  void reportsAnArgumentTheCalleeDoesNotDeclare() throws IOException {
    write("modules/app/main.tf", APP_MODULE);
    write("env/main.tf", """
        module "app" {
          source            = "../modules/app"
          name              = "x"
          slack_webhook_url = "https://hooks.slack.com/services/T/B/x"
        }
        """);

    assertThat(findings()).containsExactly(
        "env/main.tf:4: module \"app\" passes slack_webhook_url, which modules/app does not declare as a variable");
  }

  @Test
  void reportsARequiredVariableTheCallOmits() throws IOException {
    write("modules/app/main.tf", APP_MODULE);
    write("env/main.tf", "module \"app\" {\n  source = \"../modules/app\"\n  size   = 2\n}\n");

    assertThat(findings()).containsExactly(
        "env/main.tf:1: module \"app\" does not pass the required variable name of modules/app (it has no default)");
  }

  @Test
  void reportsAModuleSourceThatDoesNotExist() throws IOException {
    write("env/main.tf", "module \"app\" {\n  source = \"../modules/nope\"\n}\n");

    assertThat(findings()).containsExactly(
        "env/main.tf:2: module \"app\": source ../modules/nope is not a directory with *.tf files");
  }

  @Test
  void leavesRegistryModulesAlone() throws IOException {
    write("env/main.tf", """
        module "vpc" {
          source  = "terraform-aws-modules/vpc/aws"
          version = "~> 5.0"
          anything = true
        }

        output "id" {
          value = module.vpc.vpc_id
        }
        """);

    assertThat(findings()).isEmpty();
  }

  @Test
  void reportsOutputsThatReferToNothingOrHaveNoValue() throws IOException {
    write("modules/app/main.tf", APP_MODULE + """

        output "constant" {
          value = "always the same"
        }

        output "missing" {
          description = "No value."
        }

        output "dangling" {
          value = aws_lb.this.dns_name
        }
        """);

    assertThat(findings()).containsExactly(
        "modules/app/main.tf:21: output \"constant\" refers to nothing: its value uses no variable, local, resource, data source or module",
        "modules/app/main.tf:24: output \"missing\" has no value",
        "modules/app/main.tf:29: aws_lb.this is not declared (no resource \"aws_lb\" \"this\" in modules/app)");
  }

  @Test
  void reportsCountAndEachOutsideRepeatedBlocks() throws IOException {
    write("modules/app/main.tf", APP_MODULE + """

        resource "aws_s3_object" "counted" {
          count = 2
          key   = "k-${count.index}"
        }

        resource "aws_s3_object" "single" {
          key    = "k-${count.index}"
          bucket = each.value
        }
        """);

    assertThat(findings()).containsExactly(
        "modules/app/main.tf:26: count.index is used in a block without count",
        "modules/app/main.tf:27: each.value is used in a block without for_each");
  }

  @Test
  void reportsDuplicateDeclarationsAcrossFiles() throws IOException {
    write("modules/app/main.tf", APP_MODULE);
    write("modules/app/more.tf", "variable \"name\" {\n  type = string\n}\n");

    assertThat(findings()).containsExactly(
        "modules/app/more.tf:1: variable \"name\" is declared twice (also in modules/app/main.tf:1)");
  }

  @Test
  void reportsABareNameThatIsNoReference() throws IOException {
    // "${ProjectName}" meant literally must be written $${ProjectName}.
    write("modules/app/main.tf", APP_MODULE + "\nlocals {\n  wrong = \"${ProjectName}\"\n  right = \"$${ProjectName}\"\n}\n");

    assertThat(findings()).containsExactly(
        "modules/app/main.tf:21: unknown name ProjectName (not a variable, local, resource or for-expression symbol)");
  }

  @Test
  void acceptsForSymbolsDynamicIteratorsObjectKeysAndIgnoredAttributeNames() throws IOException {
    write("modules/app/main.tf", APP_MODULE + """

        locals {
          by_key = { for key, value in { a = var.name, b = null } : key => value if value != null }
          names  = [for s in aws_s3_bucket.this[*] : upper(s.bucket)]
          text   = "%{ for n in local.names }${n},%{ endfor }"
        }

        resource "aws_s3_bucket_lifecycle_configuration" "this" {
          for_each = toset(["a"])
          bucket   = aws_s3_bucket.this.id

          dynamic "rule" {
            for_each = local.by_key
            iterator = r
            content {
              id     = "${each.key}-${r.key}"
              status = r.value
            }
          }

          lifecycle {
            ignore_changes = [rule, bucket]
          }
        }
        """);

    assertThat(findings()).isEmpty();
  }

  @Test
  void checksTestFilesAgainstTheirModule() throws IOException {
    write("modules/app/main.tf", APP_MODULE);
    write("modules/app/tests/app.tftest.hcl", """
        mock_provider "aws" {}

        override_resource {
          target = aws_s3_bucket.missing
        }

        variables {
          name  = "x"
          color = "blue"
        }

        run "checks" {
          command = plan

          assert {
            condition     = output.bucket_arn != null && output.nope == null
            error_message = "Bucket ${var.name} of $${Project}."
          }

          expect_failures = [var.undeclared]
        }

        run "forgets_the_name" {
          command = plan
        }
        """);
    write("modules/app/tests/other.tftest.hcl", "run \"no_variables\" {\n  command = plan\n}\n");

    assertThat(findings()).containsExactly(
        "modules/app/tests/app.tftest.hcl:4: aws_s3_bucket.missing is not declared (no resource \"aws_s3_bucket\" \"missing\" in modules/app)",
        "modules/app/tests/app.tftest.hcl:9: test sets color, which modules/app does not declare as a variable",
        "modules/app/tests/app.tftest.hcl:16: output.nope is not declared (no output \"nope\" in modules/app)",
        "modules/app/tests/app.tftest.hcl:20: var.undeclared is not declared (no variable \"undeclared\" in modules/app)",
        "modules/app/tests/other.tftest.hcl:1: run \"no_variables\" does not set the required variable name of modules/app");
  }

  @Test
  void reportsSyntaxErrorsWithTheFileName() throws IOException {
    write("modules/app/main.tf", "resource \"aws_s3_bucket\" \"this\" {\n  bucket = \"unterminated\n}\n");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReferenceChecker.check(root))
        .isInstanceOf(HclSyntaxException.class)
        .hasMessageStartingWith("modules/app/main.tf:2:");
  }
}
