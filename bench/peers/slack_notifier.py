"""Python peer of SlackNotifierFunction for bin/bench: the same calls for a CodePipeline failure event
(GetSecretValue, GetPipelineExecution, ListActionExecutions, one Slack post), written the idiomatic
Lambda way (clients at module level, boto3 and urllib). Usage: slack_notifier.py <event.json>"""
import json
import os
import resource
import sys
import urllib.request

import boto3

secrets = boto3.client("secretsmanager")
codepipeline = boto3.client("codepipeline")
_webhook = None


def escape(text):
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def webhook_url():
    global _webhook
    if _webhook is None:
        value = secrets.get_secret_value(SecretId=os.environ["SLACK_WEBHOOK_SECRET_ARN"])["SecretString"]
        _webhook = json.loads(value)["webhookUrl"] if value.lstrip().startswith("{") else value
    return _webhook


def handler(event, context=None):
    detail = event["detail"]
    pipeline, execution_id = detail["pipeline"], detail["execution-id"]
    trigger = detail.get("execution-trigger", {})
    execution = codepipeline.get_pipeline_execution(
        pipelineName=pipeline, pipelineExecutionId=execution_id)["pipelineExecution"]
    actions = codepipeline.list_action_executions(
        pipelineName=pipeline, filter={"pipelineExecutionId": execution_id})["actionExecutionDetails"]
    failed = [a for a in actions if a.get("status") == "Failed"]
    fields = [
        {"type": "mrkdwn", "text": "*Pipeline*\n" + escape(pipeline)},
        {"type": "mrkdwn", "text": "*Execution*\n`" + escape(execution_id[:8]) + "`"},
        {"type": "mrkdwn", "text": "*Branch*\n" + escape(trigger.get("branch-name", "?"))},
        {"type": "mrkdwn", "text": "*Commit*\n`" + escape(trigger.get("commit-id", "?")[:7]) + "`"},
        {"type": "mrkdwn", "text": "*Author*\n" + escape(trigger.get("author-display-name", "?"))},
        {"type": "mrkdwn", "text": "*Status*\n" + escape(execution.get("status", "?"))},
    ]
    blocks = [{"type": "section", "fields": fields}]
    for action in failed:
        summary = action.get("output", {}).get("executionResult", {}).get("externalExecutionSummary", "")
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": "*Failed:* `" + escape(
            action.get("stageName", "")) + "` > `" + escape(action.get("actionName", "")) + "`\n```"
            + escape(summary)[:2900] + "```"}})
    payload = {"text": "Pipeline failed: " + escape(pipeline),
               "blocks": [{"type": "header", "text": {"type": "plain_text", "text": "Pipeline failed: " + pipeline}}],
               "attachments": [{"color": "#d40e0d", "blocks": blocks}]}
    request = urllib.request.Request(webhook_url(), data=json.dumps(payload).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        response.read()
    return {"posted": 1}


if __name__ == "__main__":
    with open(sys.argv[1]) as f:
        print(json.dumps(handler(json.load(f))), flush=True)
    print(json.dumps({"peakRssKb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}), file=sys.stderr)
