"""Python peer of DeploymentWatcherFunction for bin/bench: the same calls for a circuit-breaker
SERVICE_DEPLOYMENT_FAILED event (DescribeServices, List/DescribeServiceDeployments, ListTasks,
DescribeTasks, DescribeTaskDefinition x2, ListPipelineExecutions, a conditional DynamoDB put, SNS
Publish, DynamoDB update), written the idiomatic Lambda way. Usage: deployment_watcher.py <event.json>"""
import collections
import datetime
import json
import os
import re
import resource
import sys

import boto3

ecs = boto3.client("ecs")
sns = boto3.client("sns")
dynamodb = boto3.client("dynamodb")
codepipeline = boto3.client("codepipeline")

CAUSES = [
    ("IMAGE_NOT_FOUND", re.compile(r"CannotPullContainerError.*(not found|manifest unknown)", re.I)),
    ("REGISTRY_UNREACHABLE", re.compile(r"(CannotPullContainerError|registry auth).*(i/o timeout|connection refused)", re.I)),
    ("SECRETS_UNAVAILABLE", re.compile(r"ResourceInitializationError.*(secret|ssm)", re.I)),
    ("OUT_OF_MEMORY", re.compile(r"OutOfMemory", re.I)),
    ("LB_HEALTH_CHECK", re.compile(r"ELB health checks", re.I)),
]


def classify(reason):
    for code, pattern in CAUSES:
        if pattern.search(reason or ""):
            return code
    return "UNKNOWN"


def handler(event, context=None):
    detail = event["detail"]
    service_arn = event["resources"][0]
    cluster, service = service_arn.split("/")[-2:]
    deployment_id = detail["deploymentId"]
    svc = ecs.describe_services(cluster=cluster, services=[service])["services"][0]
    failed = next(d for d in svc["deployments"] if d["id"] == deployment_id)
    restored = next((d for d in svc["deployments"] if d["status"] == "PRIMARY" and d["id"] != deployment_id), None)
    breaker = None
    listed = ecs.list_service_deployments(cluster=cluster, service=service).get("serviceDeployments", [])
    if listed:
        described = ecs.describe_service_deployments(serviceDeploymentArns=[listed[0]["serviceDeploymentArn"]])
        for d in described.get("serviceDeployments", []):
            breaker = d.get("deploymentCircuitBreaker")
    arns = []
    for page in ecs.get_paginator("list_tasks").paginate(cluster=cluster, startedBy=deployment_id,
                                                         desiredStatus="STOPPED"):
        arns += page["taskArns"]
    tasks = []
    for i in range(0, len(arns), 100):
        tasks += ecs.describe_tasks(cluster=cluster, tasks=arns[i:i + 100])["tasks"]
    reasons = collections.Counter()
    for task in tasks:
        reason = next((c.get("reason") for c in task.get("containers", []) if c.get("reason")),
                      task.get("stoppedReason", ""))
        reasons[reason] += 1
    cause = classify(reasons.most_common(1)[0][0]) if reasons else "UNKNOWN"
    images = {}
    for name, d in (("failed", failed), ("restored", restored)):
        if d:
            td = ecs.describe_task_definition(taskDefinition=d["taskDefinition"])["taskDefinition"]
            images[name] = [c["image"] for c in td["containerDefinitions"]]
    executions = codepipeline.list_pipeline_executions(pipelineName=os.environ["PIPELINE_NAME"], maxResults=20)
    tag = images.get("failed", [":"])[0].rsplit(":", 1)[-1]
    execution = next((e for e in executions["pipelineExecutionSummaries"]
                      if any(r.get("revisionId", "").startswith(tag) for r in e.get("sourceRevisions", []))), None)
    key = cluster + "/" + service + "/" + deployment_id
    now = datetime.datetime.now(datetime.timezone.utc)
    dynamodb.put_item(TableName=os.environ["IDEMPOTENCY_TABLE"],
                      Item={"id": {"S": key}, "status": {"S": "IN_PROGRESS"},
                            "expiration": {"N": str(int(now.timestamp()) + 7 * 86400)}},
                      ConditionExpression="attribute_not_exists(id)")
    report = {"schema": "pipeline-guard.rollback-report/v1", "kind": "deployment-rollback", "severity": "ERROR",
              "cluster": cluster, "service": service,
              "failedDeployment": {"id": deployment_id, "taskDefinition": failed["taskDefinition"],
                                   "images": images.get("failed", [])},
              "restoredDeployment": restored and {"id": restored["id"], "images": images.get("restored", [])},
              "cause": {"code": cause}, "circuitBreaker": breaker,
              "evidence": {"stoppedTasks": len(tasks),
                           "reasons": [{"reason": r[:1000], "count": n} for r, n in reasons.most_common(5)]},
              "pipelineExecution": execution and {"executionId": execution["pipelineExecutionId"]},
              "detectedAt": now.isoformat()}
    message_id = sns.publish(
        TopicArn=os.environ["REPORT_TOPIC_ARN"], Subject=("Rollback: " + service + ": " + cause)[:99],
        Message=json.dumps(report, default=str),
        MessageAttributes={k: {"DataType": "String", "StringValue": v} for k, v in
                           {"severity": "ERROR", "cluster": cluster, "service": service, "cause": cause}.items()})["MessageId"]
    dynamodb.update_item(TableName=os.environ["IDEMPOTENCY_TABLE"], Key={"id": {"S": key}},
                         UpdateExpression="SET #s = :done", ExpressionAttributeNames={"#s": "status"},
                         ExpressionAttributeValues={":done": {"S": "COMPLETED"}})
    return {"outcomes": [{"result": "REPORTED", "messageId": message_id}]}


if __name__ == "__main__":
    with open(sys.argv[1]) as f:
        print(json.dumps(handler(json.load(f))), flush=True)
    print(json.dumps({"peakRssKb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}), file=sys.stderr)
