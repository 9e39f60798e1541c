package dev.pipelineguard.emulation;

import dev.pipelineguard.common.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Reads what was published to an SNS topic the way a subscriber would: through an SQS queue
 * subscribed to it (moto delivers synchronously). Each message is the SNS JSON envelope, with
 * {@code Message}, {@code Subject} and {@code MessageAttributes}.
 */
public final class SnsInbox {
  private final SqsClient sqs;
  private final String queueUrl;

  private SnsInbox(SqsClient sqs, String queueUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  public static SnsInbox subscribe(SnsClient sns, SqsClient sqs, String topicArn) {
    String queueUrl = sqs.createQueue(b -> b.queueName("inbox-" + UUID.randomUUID())).queueUrl();
    String queueArn =
        sqs.getQueueAttributes(
                b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
    return new SnsInbox(sqs, queueUrl);
  }

  /**
   * Everything delivered so far, polling with SQS long-polls until {@code timeout} for at least
   * {@code min}.
   */
  public List<Json> receive(int min, Duration timeout) {
    List<Json> out = new ArrayList<>();
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      List<Message> batch =
          sqs.receiveMessage(
                  b ->
                      b.queueUrl(queueUrl)
                          .maxNumberOfMessages(10)
                          .waitTimeSeconds(out.size() >= min ? 0 : 1))
              .messages();
      for (Message m : batch) {
        out.add(Json.parse(m.body()));
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
      }
      if (batch.isEmpty() && (out.size() >= min || Instant.now().isAfter(deadline))) {
        return out;
      }
    }
  }

  /** All messages delivered by now (none expected to be in flight: moto delivers synchronously). */
  public List<Json> drain() {
    return receive(0, Duration.ZERO);
  }
}
