package dev.pipelineguard.validator.aws;

import dev.pipelineguard.validator.check.ArtifactReader;
import dev.pipelineguard.validator.check.AwsCallException;
import dev.pipelineguard.validator.job.ArtifactCredentials;
import dev.pipelineguard.validator.job.JobEvent;
import dev.pipelineguard.validator.model.ArtifactFile;
import dev.pipelineguard.validator.model.ImageDefinitions;
import dev.pipelineguard.validator.model.TextSanitizer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * {@link ArtifactReader} for CodePipeline's S3 artifact store: one S3 client per job, signed with
 * the job's own temporary credentials (the function's role needs no access to the bucket), on the
 * shared HTTP client. Streams the zip and stops at the file, reading at most {@link #MAX_ZIP_BYTES}.
 */
public final class S3ArtifactReader implements ArtifactReader {
  static final long MAX_ZIP_BYTES = 256L * 1024 * 1024;
  private static final int MAX_ENTRIES = 20_000;

  private final Region region;
  private final SdkHttpClient http;

  public S3ArtifactReader(Region region, SdkHttpClient http) {
    this.region = region;
    this.http = http;
  }

  @Override
  public ArtifactFile find(JobEvent.InputArtifact artifact, ArtifactCredentials credentials, String fileName) {
    String name = artifact.name() == null ? "(unnamed)" : artifact.name();
    if (artifact.bucket() == null || artifact.key() == null) {
      return new ArtifactFile(name, null, "the job event gives no S3 location for the artifact", List.of());
    }
    if (credentials == null || !credentials.complete()) {
      return new ArtifactFile(name, null, "the job event carries no artifact credentials to read it with", List.of());
    }
    StaticCredentialsProvider provider = StaticCredentialsProvider.create(AwsSessionCredentials.create(
        credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken()));
    // Closing this client leaves the shared HTTP client open (the SDK never closes a client it was given).
    try (S3Client s3 = S3Client.builder().httpClient(http).region(region).credentialsProvider(provider).build();
        ResponseInputStream<GetObjectResponse> object =
            s3.getObject(b -> b.bucket(artifact.bucket()).key(artifact.key()))) {
      return scan(name, new BufferedInputStream(new Limited(object, MAX_ZIP_BYTES)), fileName);
    } catch (SdkException e) {
      throw AwsErrors.classify("s3:GetObject", e);
    } catch (IOException e) {
      throw new AwsCallException(AwsCallException.Kind.UNAVAILABLE, "s3:GetObject", e.getClass().getSimpleName(),
          TextSanitizer.clean(e.getMessage(), 200), e);
    }
  }

  /** Looks through a zip stream for {@code fileName} at its root. Pure stream logic, tested directly. */
  static ArtifactFile scan(String artifactName, InputStream in, String fileName) throws IOException {
    in.mark(4);
    byte[] magic = in.readNBytes(4);
    in.reset();
    if (magic.length < 4 || magic[0] != 'P' || magic[1] != 'K') {
      return new ArtifactFile(artifactName, null, "it is not a zip file (CodePipeline artifacts are zips)", List.of());
    }
    List<String> listed = new ArrayList<>();
    List<String> nested = new ArrayList<>();
    int entries = 0;
    try (ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        if (++entries > MAX_ENTRIES) {
          break;
        }
        String entryName = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
        if (entry.isDirectory()) {
          continue;
        }
        if (entryName.equals(fileName)) {
          byte[] content = zip.readNBytes(ImageDefinitions.MAX_BYTES + 1);
          return new ArtifactFile(artifactName, content, null, List.of());
        }
        if (entryName.endsWith("/" + fileName) || entryName.equals("imageDetail.json")) {
          nested.add(entryName);
        } else if (listed.size() < ArtifactFile.MAX_LISTED) {
          listed.add(entryName);
        }
      }
    } catch (ZipException | IllegalArgumentException e) {
      // ZipInputStream throws IllegalArgumentException for entry names that are not valid UTF-8.
      return new ArtifactFile(artifactName, null, "the zip is corrupt (" + TextSanitizer.clean(e.getMessage(), 160) + ")",
          List.of());
    } catch (Limited.TooLargeException e) {
      return new ArtifactFile(artifactName, null, "it is larger than " + (MAX_ZIP_BYTES >> 20) + " MiB without "
          + fileName + " near its start; give this action a small artifact with just " + fileName, List.of());
    }
    List<String> all = new ArrayList<>(nested);
    all.addAll(listed);
    return new ArtifactFile(artifactName, null, null, all.subList(0, Math.min(all.size(), ArtifactFile.MAX_LISTED)));
  }

  /** Stops a stream after a number of bytes. */
  private static final class Limited extends java.io.FilterInputStream {
    private long left;

    Limited(InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        throw new TooLargeException();
      }
      int b = super.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        throw new TooLargeException();
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    static final class TooLargeException extends IOException {
      TooLargeException() {
        super("artifact too large");
      }
    }
  }
}
