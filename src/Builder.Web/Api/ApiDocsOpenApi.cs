using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Builder.Web.Api;

/// <summary>
/// What the generated OpenAPI document cannot know by itself: the <c>pwrusr</c> API-key scheme, and request and answer
/// examples for the common writes and for the error body.
/// </summary>
public static class ApiDocsOpenApi
{
    public const string SchemeName = "pwrusr";

    public const string SchemeDescription =
        "An admin API key, generated on the console's API keys page (the token is shown once). Send it as " +
        "`Authorization: pwrusr:{key_id}:{secret}`. A key acts as its owner within the key's own organization; deleting " +
        "(a request a reviewer approves), revoking, generating keys, membership changes, sharing details and sharing or ownership changes need a person in the console (403). In the browser, the " +
        "session cookie of a signed-in person works as well. The same keys call the poweruser API under `/autessa_poweruser` " +
        "(every endpoint a POST with a JSON body; errors as `{ \"errors\": [ { \"code\", \"message\", \"field\" } ] }`).";

    /// <summary>What every poweruser operation's description ends with: the group's conventions.</summary>
    public const string PoweruserConventions =
        "Poweruser API (`/autessa_poweruser`): every endpoint is POST with a JSON object body (an empty body means `{}`; unknown " +
        "fields are ignored; integer ids such as `tableId` must be JSON whole numbers from 1, never strings or decimals). " +
        "Authenticate with `Authorization: pwrusr:{key_id}:{secret}` (the key acts as its owner, only in the key's organization) " +
        "or a signed-in session, which must send `Content-Type: application/json` and acts in its only organization or the one " +
        "named by `?organizationId=`. Every answer carries `errors` (empty on success); a failure answers its status (400, 401, " +
        "403, 404, 405, 409, 413, 415, 429) with `{ \"errors\": [ { \"code\", \"message\", \"field\"? } ] }`. Excluded " +
        "operations (delete, confirm-delete, share, transfer-ownership, get-sharing-details, for every resource) answer 403 " +
        "`human_oversight_required`: do them in the Builder UI.";

    public static IServiceCollection AddApiDocsOpenApi(this IServiceCollection services)
    {
        services.Configure<OpenApiOptions>("v1", o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = "Authorization",
                    Description = SchemeDescription,
                };
                document.Security ??= [];
                document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] });
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                var method = context.Description.HttpMethod?.ToUpperInvariant();
                // "api/variables/{id:guid}" → "/api/variables/{id}", as the document's paths read.
                var path = "/" + RouteConstraint.Replace((context.Description.RelativePath ?? "").Trim('/'), "{$1}");
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<DeletionRequests.Marker>().Any()) DocumentDeletionRequest(operation);
                if (RequestExamples.TryGetValue($"{method} {path}", out var request)
                    && operation.RequestBody?.Content?.TryGetValue("application/json", out var body) == true)
                    body.Example = JsonNode.Parse(request);
                foreach (var (status, response) in operation.Responses ?? [])
                {
                    if (response.Content?.TryGetValue("application/json", out var media) != true || media is null) continue;
                    if (ResponseExamples.TryGetValue($"{method} {path} {status}", out var answer)) media.Example = JsonNode.Parse(answer);
                    else if (status == "400" && method == "DELETE") media.Example = JsonNode.Parse(JustificationErrorExample);
                    else if (status == "400" && method == "GET") media.Example = JsonNode.Parse(QueryErrorExample);
                    else if (ErrorExamples.TryGetValue(status, out var error)) media.Example = JsonNode.Parse(error);
                }
                return Task.CompletedTask;
            });
            o.AddOperationTransformer(async (operation, context, ct) =>
            {
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<Poweruser.PoweruserBody>().FirstOrDefault() is not { } body) return;
                await DocumentPoweruserAsync(operation, context, body.Type, ct);
            });
        });
        return services;
    }

    /// <summary>A poweruser operation: its optional JSON body, the group's conventions, and every error answer in the errors form.</summary>
    private static async Task DocumentPoweruserAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, Type body, CancellationToken ct)
    {
        operation.Description = string.IsNullOrEmpty(operation.Description) ? PoweruserConventions : operation.Description + "\n\n" + PoweruserConventions;
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = false,
            Description = "A JSON object; an empty body means {}.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new()
                {
                    Schema = await context.GetOrCreateSchemaAsync(body, null, ct),
                },
            },
        };
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (response.Content?.TryGetValue("application/json", out var media) != true || media is null) continue;
            if (PoweruserExamples.TryGetValue(status, out var example)) media.Example = JsonNode.Parse(example);
            else if (ResponseExamples.TryGetValue($"POST /{(context.Description.RelativePath ?? "").Trim('/')} {status}", out var answer)) media.Example = JsonNode.Parse(answer);
        }
    }

    /// <summary>The poweruser answers, success and failure, by status.</summary>
    private static readonly Dictionary<string, string> PoweruserExamples = new()
    {
        ["400"] = """{ "errors": [ { "code": "invalid_id", "message": "'tableId' must be a positive whole number (an id): not a string, a decimal, zero, a negative or a number out of range.", "field": "tableId" } ] }""",
        ["401"] = """{ "errors": [ { "code": "unauthorized", "message": "Unauthorized: Sign in, or send Authorization: pwrusr:{key_id}:{secret}." } ] }""",
        ["403"] = """{ "errors": [ { "code": "human_oversight_required", "message": "Delete requires human oversight in the Builder UI: Admin API keys cannot delete, share or transfer ownership. Sign in to the Builder to do this." } ] }""",
        ["404"] = """{ "errors": [ { "code": "not_found", "message": "Organization not found" } ] }""",
        ["429"] = """{ "errors": [ { "code": "rate_limited", "message": "Too many requests: Poweruser API requests are limited to 300 per minute per person; try again in 42 seconds." } ] }""",
    };

    /// <summary>
    /// A DELETE asks for approval: its optional JSON body carries the justification (without one the answer is 400), and its
    /// 202 answer is the request with its URL. Declared here, not with Accepts(), so a DELETE without a body still routes.
    /// </summary>
    private static void DocumentDeletionRequest(OpenApiOperation operation)
    {
        operation.Description = DeletionRequests.Description;
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = false,
            Description = "The reason, for the reviewer (required: without it the answer is 400).",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["justification"] = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = Builder.Domain.Approvals.ApprovalRequest.JustificationMax },
                        },
                    },
                    Example = JsonNode.Parse(DeletionJustificationExample),
                },
            },
        };
        if (operation.Responses?.TryGetValue("202", out var accepted) == true
            && accepted.Content?.TryGetValue("application/json", out var media) == true && media is not null)
            media.Example = JsonNode.Parse(DeletionAcceptedExample);
    }

    private const string DeletionJustificationExample = """{ "justification": "Replaced by Production EU; nothing uses it any more." }""";

    private const string DeletionAcceptedExample = $$"""
        { "request": { "id": "5c4b3a29-1807-4f6e-8d5c-4b3a29180706", "organizationId": "{{Acme}}", "environmentId": "{{Production}}",
            "operation": "delete", "resourceType": "environment", "resourceId": "{{Production}}", "resourceName": "Production",
            "consequences": [ "The environment “Production”", "4 variables, with their values", "2 workflows: “Onboarding”, “Billing”" ],
            "before": null, "after": null, "requesterId": "1b2c3d4e-5f60-4718-92a3-b4c5d6e7f809", "requesterEmail": "builder@acme.test",
            "requesterName": "Bob Builder", "justification": "Replaced by Production EU; nothing uses it any more.",
            "createdAt": "2026-12-02T10:00:00Z", "expiresAt": "2026-12-09T10:00:00Z", "requiredApprovals": 1, "approvals": 0,
            "noOtherReviewer": false, "status": "pending", "decidedAt": null, "outcome": null, "votes": [], "canDecide": false,
            "canCancel": true, "title": "Delete environment “Production”" },
          "url": "/api/approval-requests/5c4b3a29-1807-4f6e-8d5c-4b3a29180706" }
        """;

    private static readonly Regex RouteConstraint = new(@"\{(\w+):[^}]+\}", RegexOptions.NonBacktracking);

    private const string Acme = "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
    private const string Production = "9b8a7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d";
    private const string Entity = "c7d8e9f0-1a2b-4c3d-9e4f-5a6b7c8d9e0f";
    private const string Model = "880e8400-e29b-41d4-a716-446655440003";
    private const string Template = "990e8400-e29b-41d4-a716-446655440004";
    private const string PromptId = "aa0e8400-e29b-41d4-a716-446655440005";

    private const string TemplateAnswer = $$$"""
        { "id": "{{{Template}}}", "name": "Welcome Message v2", "description": "Generates personalized welcome messages",
          "promptText": "Create an exciting welcome for {{userName}}!", "version": 2, "modelId": "{{{Model}}}",
          "model": { "id": "{{{Model}}}", "name": "GPT-4o mini" }, "organization": { "id": "{{{Acme}}}", "name": "Acme Corp" },
          "environment": { "id": "{{{Production}}}", "name": "Production" }, "variables": { "userName": "string", "productName": "string" },
          "variableSets": [ { "name": "Test 1", "values": { "userName": "Alex" } } ], "rawSentimentAnalysis": null,
          "resultSentimentAnalysis": null, "createdAt": "2026-12-01T18:40:00Z", "updatedAt": "2026-12-02T09:15:00Z",
          "updatedBy": "admin@acme.test", "labels": { "production": 1 } }
        """;

    private const string ApprovalRequestId = "d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6";

    private const string ApprovalAnswer = $$$"""
        { "id": "{{{ApprovalRequestId}}}", "organizationId": "{{{Acme}}}", "environmentId": "{{{Production}}}", "operation": "delete",
          "resourceType": "workflow", "resourceId": "7c6b5a4f-3e2d-4c1b-8a9f-8e7d6c5b4a3f", "resourceName": "Route invoices",
          "consequences": [ "The workflow “Route invoices” of environment Production, with all its steps" ], "before": null, "after": null,
          "requesterId": "5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b", "requesterEmail": "builder@acme.test", "requesterName": "Bob Builder",
          "justification": "Replaced by the new routing flow", "createdAt": "2026-12-02T09:00:00Z", "expiresAt": "2026-12-09T09:00:00Z",
          "requiredApprovals": 1, "approvals": 1, "noOtherReviewer": false, "status": "executed", "decidedAt": "2026-12-02T09:30:00Z",
          "outcome": null, "votes": [ { "reviewerId": "6f5e4d3c-2b1a-4f0e-9d8c-7b6a5f4e3d2c", "reviewerEmail": "reviewer@acme.test",
          "reviewerName": "Rita Reviewer", "approves": true, "comment": "Fine: nothing routes through it any more", "at": "2026-12-02T09:30:00Z" } ],
          "canDecide": false, "canCancel": false, "title": "Delete workflow “Route invoices”" }
        """;

    private const string Member = "bb0e8400-e29b-41d4-a716-446655440006";
    private const string WorkflowId = "cc0e8400-e29b-41d4-a716-446655440007";

    private const string SharingRequest = $$$"""
        { "sharingLevel": "PRIVATE", "companyPermissionLevel": "VIEW",
          "shares": [ { "userId": "{{{Member}}}", "accessLevel": "EDIT" } ],
          "justification": "Only the onboarding team should change this workflow" }
        """;

    private const string SharingAccepted = $$$"""
        { "request": { "id": "dd0e8400-e29b-41d4-a716-446655440008", "organizationId": "{{{Acme}}}", "operation": "share",
            "resourceType": "workflow", "resourceId": "{{{WorkflowId}}}", "resourceName": "Onboarding",
            "before": "Shared company-wide (edit); no one else explicitly", "after": "Private; shared with Bob Builder (builder@acme.test) (EDIT)",
            "justification": "Only the onboarding team should change this workflow", "status": "pending", "requiredApprovals": 1, "approvals": 0 },
          "url": "/api/approval-requests/dd0e8400-e29b-41d4-a716-446655440008" }
        """;

    private const string SharingAnswer = $$$"""
        { "resourceType": "workflow", "resourceId": "{{{WorkflowId}}}", "name": "Onboarding", "organizationId": "{{{Acme}}}",
          "owner": { "id": "{{{Member}}}", "email": "builder@acme.test", "name": "Bob Builder" }, "sharingLevel": "COMPANY",
          "companyPermissionLevel": "EDIT", "userAccessLevel": "ADMIN", "shares": [], "canManage": true,
          "version": "ee0e8400-e29b-41d4-a716-446655440009", "summary": "Shared company-wide (edit)" }
        """;

    private static readonly Dictionary<string, string> RequestExamples = new()
    {
        ["POST /api/approval-requests/{id}/approve"] = """{ "comment": "Fine: nothing routes through it any more" }""",
        ["POST /api/approval-requests/{id}/reject"] = """{ "comment": "Billing still sends invoices through it" }""",
        ["POST /api/approval-requests/{id}/cancel"] = """{ "comment": "Not needed after all" }""",
        ["PUT /api/organizations/{id}/approval-policy"] = """
            { "requiredApprovals": 1, "expiryDays": 7, "trashDays": 30,
              "overrides": [ { "operation": "delete", "resourceType": "environment", "resourceName": "Production", "requiredApprovals": 2 } ],
              "justification": "Deleting Production should take two people" }
            """,
        ["PUT /api/members/{id}/reviewer"] = """{ "isReviewer": true }""",
        ["PUT /api/workflows/{id}/sharing"] = SharingRequest,
        ["PUT /api/prompt-templates/{id}/sharing"] = SharingRequest,
        ["PUT /api/prompts/{id}/sharing"] = SharingRequest,
        ["POST /api/workflows/{id}/transfer-ownership"] = $$$"""{ "newOwnerId": "{{{Member}}}", "justification": "Bob runs onboarding now" }""",
        ["POST /api/prompt-templates"] = $$$"""
            { "organizationId": "{{{Acme}}}", "environmentId": "{{{Production}}}", "name": "Welcome Message Generator",
              "description": "Generates personalized welcome messages",
              "promptText": "You are a friendly assistant. Write a warm welcome message for {{userName}} who just joined {{productName}}.",
              "modelId": "{{{Model}}}", "variables": { "userName": "string", "productName": "string" },
              "variableSets": [ { "name": "Happy User", "values": { "userName": "Sarah", "productName": "Pulse" } } ],
              "message": "First draft" }
            """,
        ["PUT /api/prompt-templates/{id}"] = """
            { "name": "Welcome Message v2", "promptText": "Create an exciting welcome for {{userName}}!",
              "variableSets": [ { "name": "Test 1", "values": { "userName": "Alex" } } ], "message": "Shorter and livelier" }
            """,
        ["POST /api/prompt-templates/{id}/versions/{version}/restore"] = """{ "message": "Back to the first wording" }""",
        ["PUT /api/prompt-templates/{id}/labels/{name}"] = """{ "version": 2 }""",
        ["POST /api/prompts"] = $$$"""
            { "organizationId": "{{{Acme}}}", "modelId": "{{{Model}}}", "title": "Customer Support Response",
              "content": "You are a helpful customer support agent. Respond to: {{customerMessage}}", "outputFormat": "text",
              "outputTemplate": null }
            """,
        ["PUT /api/prompts/{id}"] = """
            { "title": "Customer Support Response v2", "content": "You are an empathetic support agent. Address: {{customerMessage}}",
              "outputFormat": "json", "outputTemplate": "{ \"response\": \"{{response}}\", \"sentiment\": \"{{sentiment}}\" }" }
            """,
        ["POST /api/prompts/{id}/run"] = """{ "values": { "customerMessage": "My invoice is wrong and nobody answers." } }""",
        ["POST /api/prompt-templates/{id}/execute"] = """{ "variableSet": "Happy User", "label": "production" }""",
        ["POST /api/prompt-templates/{id}/analyze-sentiment"] = """{ "variableSet": "Happy User", "analyzer": "model" }""",
        ["POST /api/variables"] = $$"""{ "environmentId": "{{Production}}", "name": "STRIPE_API_KEY", "value": "sk_live_…" }""",
        ["PUT /api/variables/{id}"] = """{ "name": "STRIPE_API_KEY", "value": "sk_live_new…" }""",
        ["POST /api/environments"] = $$"""{ "organizationId": "{{Acme}}", "name": "Staging", "description": "Pre-production checks" }""",
        ["PUT /api/environments/{id}"] = """{ "name": "Staging", "description": "Pre-production checks" }""",
        ["POST /api/members"] = $$"""{ "organizationId": "{{Acme}}", "email": "dana@acme.test", "role": "user" }""",
        ["PUT /api/members/{id}"] = """{ "role": "guest" }""",
        ["POST /api/api-keys"] = $$"""{ "organizationId": "{{Acme}}", "name": "CI deploys" }""",
        ["POST /api/models"] = $$"""
            { "organizationId": "{{Acme}}", "name": "GPT-4 Turbo", "description": "Production model",
              "modelUrl": "https://api.openai.com/v1/chat/completions", "modelName": "gpt-4o-mini", "temperature": 0.2,
              "maxOutputTokens": 1024, "timeoutSeconds": 60, "token": "sk-proj-…" }
            """,
        ["PUT /api/models/{id}"] = """
            { "name": "GPT-4 Turbo", "modelUrl": "https://api.openai.com/v1/chat/completions", "modelName": "gpt-4o-mini",
              "token": "sk-proj-new…", "clearClientKey": true }
            """,
        ["POST /api/system-models"] = """
            { "name": "Shared GPT-4o mini", "modelUrl": "https://api.openai.com/v1/chat/completions", "modelName": "gpt-4o-mini",
              "token": "sk-proj-…", "isVisible": true }
            """,
        ["POST /api/trash/{id}/restore"] = """{ "name": "STRIPE_API_KEY_OLD" }""",
        ["POST /api/workflows"] = $$"""
            { "environmentId": "{{Production}}", "name": "Route invoices", "description": "Sends invoices to the finance queue",
              "workflowData": { "root": { "id": "start", "name": "Is an invoice", "entityId": "{{Entity}}", "entityType": "condition",
                "presentation": { "type": "circle", "position": { "x": 120, "y": 80 } }, "children": [] } } }
            """,
    };

    private static readonly Dictionary<string, string> ResponseExamples = new()
    {
        ["POST /autessa_poweruser/user/me 200"] = """{ "email": "admin@acme.test", "name": "Alice Admin", "companyName": "Acme Corp", "errors": [] }""",
        ["GET /api/approval-requests/{id} 200"] = ApprovalAnswer,
        ["POST /api/approval-requests/{id}/approve 200"] = ApprovalAnswer,
        ["PUT /api/organizations/{id}/approval-policy 202"] = $$$"""
            { "request": { "id": "{{{ApprovalRequestId}}}", "organizationId": "{{{Acme}}}", "environmentId": null, "operation": "change-policy",
              "resourceType": "approval-policy", "resourceId": "{{{Acme}}}", "resourceName": "Approval policy",
              "consequences": [ "Override added: Delete environment named “Production”: 2 approvals" ],
              "before": "Approvals required: 1\nRequests expire after: 7 days\nTrash keeps deleted resources for: 30 days\nOverrides: none",
              "after": "Approvals required: 1\nRequests expire after: 7 days\nTrash keeps deleted resources for: 30 days\nOverrides:\n• Delete environment named “Production”: 2 approvals",
              "requesterId": "5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b", "requesterEmail": "admin@acme.test", "requesterName": "Alice Admin",
              "justification": "Deleting Production should take two people", "createdAt": "2026-12-02T09:00:00Z",
              "expiresAt": "2026-12-09T09:00:00Z", "requiredApprovals": 1, "approvals": 0, "noOtherReviewer": false, "status": "pending",
              "decidedAt": null, "outcome": null, "votes": [], "canDecide": false, "canCancel": true, "title": "Change the approval policy" },
              "url": "/api/approval-requests/{{{ApprovalRequestId}}}" }
            """,
        ["GET /api/organizations/{id}/approval-policy 200"] = $$"""
            { "organizationId": "{{Acme}}", "requiredApprovals": 1, "expiryDays": 7, "trashDays": 30,
              "overrides": [ { "operation": "delete", "resourceType": "environment", "resourceName": "Production", "requiredApprovals": 2 } ],
              "pendingChangeId": null, "pendingChangeUrl": null }
            """,
        ["GET /api/workflows/{id}/sharing 200"] = SharingAnswer,
        ["PUT /api/workflows/{id}/sharing 202"] = SharingAccepted,
        ["PUT /api/prompt-templates/{id}/sharing 202"] = SharingAccepted.Replace("\"workflow\"", "\"prompt-template\""),
        ["PUT /api/prompts/{id}/sharing 202"] = SharingAccepted.Replace("\"workflow\"", "\"prompt\""),
        ["GET /api/trash 200"] = $$"""{ "data": [ {{TrashItemAnswer}} ], "pagination": { "page": 1, "limit": 10, "total": 1, "totalPages": 1 } }""",
        ["GET /api/trash/{id} 200"] = TrashItemAnswer,
        ["POST /api/trash/{id}/restore 200"] = """
            { "trashItemId": "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e", "resourceType": "variable",
              "resourceId": "0d9c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a", "name": "STRIPE_API_KEY_OLD", "dependentCount": 0, "renamed": true }
            """,
        ["POST /api/trash/{id}/restore 409"] = """
            { "error": "A variable named 'STRIPE_API_KEY' already exists in this environment",
              "details": "Restore it under a new name: send { \"name\": \"…\" } (the console asks for one)." }
            """,
        ["POST /api/prompt-templates 201"] = TemplateAnswer.Replace("\"version\": 2", "\"version\": 1"),
        ["PUT /api/prompt-templates/{id} 200"] = TemplateAnswer,
        ["GET /api/prompt-templates/{id}/versions 200"] = """
            { "data": [ { "version": 2, "createdAt": "2026-12-02T09:15:00Z", "createdBy": "admin@acme.test", "message": "Shorter and livelier",
                          "restoredFrom": null, "labels": [] },
                        { "version": 1, "createdAt": "2026-12-01T18:40:00Z", "createdBy": "admin@acme.test", "message": "First draft",
                          "restoredFrom": null, "labels": ["production"] } ],
              "pagination": { "page": 1, "limit": 10, "total": 2, "totalPages": 1 } }
            """,
        ["PUT /api/prompt-templates/{id}/labels/{name} 200"] =
            """{ "name": "production", "version": 2, "updatedAt": "2026-12-02T09:20:00Z", "updatedBy": "admin@acme.test" }""",
        ["GET /api/prompt-templates/{id}/label-history 200"] = """
            { "data": [ { "label": "production", "fromVersion": 1, "toVersion": 2, "movedAt": "2026-12-02T09:20:00Z", "movedBy": "admin@acme.test" } ],
              "pagination": { "page": 1, "limit": 10, "total": 1, "totalPages": 1 } }
            """,
        ["POST /api/prompts 201"] = $$$"""
            { "id": "{{{PromptId}}}", "organizationId": "{{{Acme}}}", "modelId": "{{{Model}}}",
              "model": { "id": "{{{Model}}}", "name": "GPT-4 Turbo" }, "organization": { "id": "{{{Acme}}}", "name": "Acme Corp" },
              "title": "Customer Support Response", "content": "You are a helpful customer support agent. Respond to: {{customerMessage}}",
              "outputFormat": "text", "outputTemplate": null, "createdAt": "2026-12-02T10:00:00Z", "updatedAt": "2026-12-02T10:00:00Z",
              "updatedBy": "admin@acme.test", "variables": ["customerMessage"] }
            """,
        ["POST /api/prompts/{id}/run 200"] = $$"""
            { "output": "{\n  \"response\": \"I am sorry about the invoice; I have escalated it.\",\n  \"sentiment\": \"negative\"\n}",
              "outputFormat": "json", "json": { "response": "I am sorry about the invoice; I have escalated it.", "sentiment": "negative" },
              "valid": true, "problem": null, "model": { "id": "{{Model}}", "name": "GPT-4 Turbo" },
              "usage": { "inputTokens": 58, "outputTokens": 21 }, "latencyMs": 840, "finishReason": "stop" }
            """,
        ["POST /api/prompt-templates/{id}/execute 200"] = $$"""
            { "executionId": "3f2e1d0c-9b8a-4c7d-8e6f-5a4b3c2d1e0f", "output": "Welcome to Pulse, Sarah! We're thrilled to have you.",
              "model": { "id": "{{Model}}", "name": "GPT-4 Turbo" }, "version": 2, "usage": { "inputTokens": 31, "outputTokens": 12 },
              "latencyMs": 842, "finishReason": "stop" }
            """,
        ["POST /api/prompt-templates/{id}/analyze-sentiment 200"] = TemplateAnswer.Replace("\"rawSentimentAnalysis\": null",
            "\"rawSentimentAnalysis\": { \"label\": \"positive\", \"score\": 0.62, \"sentences\": [ { \"text\": \"Create an exciting welcome for Alex!\", \"score\": 0.62 } ], \"analyzer\": \"model\", \"model\": \"GPT-4 Turbo\" }"),
        ["POST /api/prompt-templates/{id}/analyze-sentiment 502"] =
            """{ "error": "The model call failed", "details": "the model's answer is not a sentiment analysis: it is not valid JSON" }""",
        ["POST /api/prompt-templates/{id}/execute 502"] =
            """{ "error": "The model call failed", "details": "the endpoint refused the token (401)" }""",
        ["GET /api/prompt-templates/{id}/executions 200"] = $$"""
            { "data": [ { "id": "3f2e1d0c-9b8a-4c7d-8e6f-5a4b3c2d1e0f", "version": 2, "model": { "id": "{{Model}}", "name": "GPT-4 Turbo" },
                          "variableSet": "Happy User", "inputs": { "userName": "Sarah", "productName": "Pulse" }, "succeeded": true,
                          "output": "Welcome to Pulse, Sarah! We're thrilled to have you.", "error": null,
                          "usage": { "inputTokens": 31, "outputTokens": 12 }, "latencyMs": 842, "finishReason": "stop", "streamed": false,
                          "executedBy": "builder@acme.test", "executedAt": "2026-12-02T09:30:00Z",
                          "outputTruncated": false, "inputsTruncated": false, "shortened": false } ],
              "pagination": { "page": 1, "limit": 10, "total": 1, "totalPages": 1 } }
            """,
        ["GET /api/prompt-templates/{id}/executions/{executionId} 200"] = $$"""
            { "id": "3f2e1d0c-9b8a-4c7d-8e6f-5a4b3c2d1e0f", "version": 2, "model": { "id": "{{Model}}", "name": "GPT-4 Turbo" },
              "variableSet": "Happy User", "inputs": { "userName": "Sarah", "productName": "Pulse" }, "succeeded": true,
              "output": "Welcome to Pulse, Sarah! We're thrilled to have you.", "error": null,
              "usage": { "inputTokens": 31, "outputTokens": 12 }, "latencyMs": 842, "finishReason": "stop", "streamed": false,
              "executedBy": "builder@acme.test", "executedAt": "2026-12-02T09:30:00Z",
              "outputTruncated": false, "inputsTruncated": false, "shortened": false }
            """,
        ["POST /api/variables 201"] = $$"""
            { "id": "0d9c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a", "organizationId": "{{Acme}}", "environmentId": "{{Production}}",
              "name": "STRIPE_API_KEY", "hasValue": true, "createdAt": "2026-12-01T18:40:00Z", "updatedAt": "2026-12-01T18:40:00Z",
              "updatedBy": "admin@acme.test", "version": "6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d" }
            """,
        ["PUT /api/variables/{id} 200"] = $$"""
            { "id": "0d9c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a", "organizationId": "{{Acme}}", "environmentId": "{{Production}}",
              "name": "STRIPE_API_KEY", "hasValue": true, "createdAt": "2026-12-01T18:40:00Z", "updatedAt": "2026-12-02T09:15:00Z",
              "updatedBy": "admin@acme.test", "version": "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e" }
            """,
        ["POST /api/environments 201"] = $$"""
            { "id": "{{Production}}", "organizationId": "{{Acme}}", "name": "Staging", "description": "Pre-production checks",
              "createdAt": "2026-12-01T18:40:00Z", "updatedAt": "2026-12-01T18:40:00Z", "updatedBy": "admin@acme.test",
              "version": "6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d" }
            """,
        ["POST /api/members 201"] = $$"""
            { "id": "5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b", "organizationId": "{{Acme}}", "email": "dana@acme.test", "name": null,
              "role": "user", "isActive": false, "createdAt": "2026-12-01T18:40:00Z", "updatedAt": "2026-12-01T18:40:00Z",
              "updatedBy": "admin@acme.test", "version": "6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d" }
            """,
        ["POST /api/models 201"] = $$"""
            { "id": "880e8400-e29b-41d4-a716-446655440003", "organizationId": "{{Acme}}", "name": "GPT-4 Turbo",
              "description": "Production model", "provider": "openai", "modelUrl": "https://api.openai.com/v1/chat/completions",
              "modelName": "gpt-4o-mini", "temperature": 0.2, "maxOutputTokens": 1024, "timeoutSeconds": 60,
              "hasToken": true, "hasClientKey": false, "hasSecretKey": false, "isVisible": false,
              "createdAt": "2026-12-01T18:40:00Z", "updatedAt": "2026-12-01T18:40:00Z", "updatedBy": "admin@acme.test",
              "version": "6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d" }
            """,
        ["POST /api/system-models 201"] = """
            { "id": "990e8400-e29b-41d4-a716-446655440004", "organizationId": null, "name": "Shared GPT-4o mini", "description": null,
              "provider": "openai", "modelUrl": "https://api.openai.com/v1/chat/completions", "modelName": "gpt-4o-mini",
              "temperature": null, "maxOutputTokens": null, "timeoutSeconds": 60, "hasToken": true, "hasClientKey": false,
              "hasSecretKey": false, "isVisible": true, "createdAt": "2026-12-01T18:40:00Z", "updatedAt": "2026-12-01T18:40:00Z",
              "updatedBy": "system@builder.local", "version": "6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d" }
            """,
        ["POST /api/models/{id}/test 200"] = """{ "ok": true, "latencyMs": 412, "reply": "OK", "reason": null }""",
        ["POST /api/workflows 201"] = $$"""
            { "id": "7c6b5a4f-3e2d-4c1b-8a9f-8e7d6c5b4a3f", "organizationId": "{{Acme}}", "environmentId": "{{Production}}",
              "name": "Route invoices", "description": "Sends invoices to the finance queue",
              "workflowData": { "root": { "id": "start", "name": "Is an invoice", "entityId": "{{Entity}}", "entityType": "condition",
                "presentation": { "type": "circle", "position": { "x": 120, "y": 80 } }, "children": [] } },
              "createdAt": "2026-12-01T18:40:00Z", "updatedAt": "2026-12-01T18:40:00Z", "updatedBy": "builder@acme.test",
              "version": "6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d" }
            """,
    };

    private static readonly string JustificationErrorExample = System.Text.Json.JsonSerializer.Serialize(new
    {
        error = "Validation failed", details = Builder.Domain.Approvals.ApprovalWording.JustificationRequired("delete"),
        errors = new Dictionary<string, string[]> { ["justification"] = [Builder.Domain.Approvals.ApprovalWording.JustificationRequired("delete")] },
    });
    private const string TrashItemAnswer = $$"""
        { "id": "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e", "organizationId": "{{Acme}}", "resourceType": "variable",
          "resourceTypeName": "Variable", "resourceId": "0d9c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a", "name": "STRIPE_API_KEY",
          "environmentId": "{{Production}}", "environmentName": "Production", "dependentCount": 0,
          "deletedAt": "2026-12-02T09:15:00Z", "deletedBy": "admin@acme.test", "purgeAfter": "2027-01-01T09:15:00Z", "daysLeft": 30 }
        """;

    private const string QueryErrorExample =
        """{ "error": "Validation failed", "details": "organizationId is required.", "errors": { "organizationId": ["organizationId is required."] } }""";

    /// <summary>The error body, <c>{ "error", "details" }</c> (validation adds <c>errors</c> by field), for each status.</summary>
    private static readonly Dictionary<string, string> ErrorExamples = new()
    {
        ["400"] = """{ "error": "Validation failed", "details": "Name is required.", "errors": { "name": ["Name is required."] } }""",
        ["401"] = """{ "error": "Unauthorized", "details": "Sign in, or send Authorization: pwrusr:{key_id}:{secret}." }""",
        ["403"] = """{ "error": "Forbidden", "details": "Your role in this organization cannot do this." }""",
        ["404"] = """{ "error": "Not found" }""",
        ["409"] = """{ "error": "Conflict", "details": "A variable named 'STRIPE_API_KEY' already exists in this environment." }""",
        ["412"] = """{ "error": "Precondition failed: the record has changed", "details": "Someone else changed it since you read it: read it again (ETag) and retry." }""",
        ["502"] = """{ "error": "The model call failed", "details": "the endpoint refused the token (401)" }""",
    };
}
