using System.Text;

namespace Builder.Domain.Audit;

/// <summary>
/// How an audit record reads to a person: resource types, actions and changed fields in words, and a label for the
/// resource that stays readable after a rename or delete. The one place that knows these words; the page, the API and
/// the CSV export all use it.
/// </summary>
public static class AuditWording
{
    private static readonly Dictionary<string, string> TypeNames = new()
    {
        [ResourceTypes.Organization] = "Organization",
        [ResourceTypes.Environment] = "Environment",
        [ResourceTypes.Variable] = "Variable",
        [ResourceTypes.Member] = "Member",
        [ResourceTypes.ApiKey] = "API key",
        [ResourceTypes.WorkflowEntity] = "Workflow entity",
        [ResourceTypes.Workflow] = "Workflow",
        [ResourceTypes.PromptTemplate] = "Prompt template",
        [ResourceTypes.Model] = "Model",
        [ResourceTypes.Prompt] = "Prompt",
        [ResourceTypes.Table] = "Table",
        [ResourceTypes.TableColumn] = "Table column",
        [ResourceTypes.Agent] = "Agent",
        [ResourceTypes.Tool] = "Tool",
        [ResourceTypes.Manager] = "Manager",
        [ResourceTypes.TrashItem] = "Trash item",
        [ResourceTypes.ApprovalRequest] = "Approval request",
        [ResourceTypes.ApprovalPolicy] = "Approval policy",
        [ResourceTypes.WorkflowEntityType] = "Workflow entity type",
        [ResourceTypes.SystemModel] = "System model",
    };

    /// <summary>Field names that differ from their words; any other camelCase name is split into lower-case words.</summary>
    private static readonly Dictionary<string, string> FieldNames = new()
    {
        ["environmentId"] = "environment",
        ["workflowEntityTypeId"] = "entity type",
        ["workflowData"] = "steps",
        ["tfCondition"] = "true/false condition",
        ["revokedAt"] = "revocation",
        ["isReviewer"] = "reviewer capability",
    };

    /// <summary>Write-only fields: recorded as "value" when set and "value:cleared" when cleared, never with their content.</summary>
    private static readonly HashSet<string> WriteOnlyFields = ["value"];

    /// <summary>"api-key" → "API key", "workflow-entity" → "Workflow entity"; an unknown type reads as itself.</summary>
    public static string TypeName(string resourceType) =>
        TypeNames.TryGetValue(resourceType, out var name) ? name : resourceType;

    /// <summary>"workflowEntityTypeId" → "entity type", "description" → "description".</summary>
    public static string FieldName(string field)
    {
        if (FieldNames.TryGetValue(field, out var known)) return known;
        var words = new StringBuilder(field.Length + 4);
        foreach (var c in field)
        {
            if (char.IsUpper(c) && words.Length > 0) words.Append(' ');
            words.Append(char.ToLowerInvariant(c));
        }
        return words.ToString();
    }

    /// <summary>
    /// What happened, in words: "created", "deleted", "revoked", "changed the role", "set the value", "cleared the value",
    /// "updated name, description", or a mix such as "updated name and set the value". Records written before the
    /// revoked and role-changed actions existed (a key's revocation as "deleted revokedAt", a role change as "updated
    /// role") read the same as new ones.
    /// </summary>
    public static string Describe(string action, string resourceType, IReadOnlyCollection<string> changedFields)
    {
        switch (action)
        {
            case AuditActions.Created: return "created";
            case AuditActions.Revoked: return "revoked";
            case AuditActions.RoleChanged: return "changed the role";
            case AuditActions.Shared: return "changed the sharing";
            case AuditActions.OwnershipTransferred: return "transferred ownership";
            case AuditActions.Restored:
                return changedFields.Contains("name") ? "restored from the trash under a new name" : "restored from the trash";
            case AuditActions.Purged: return "purged from the trash";
            case AuditActions.Deleted:
                return resourceType == ResourceTypes.ApiKey && changedFields.Contains("revokedAt") ? "revoked" : "deleted";
            case AuditActions.Updated:
                if (resourceType == ResourceTypes.Member && changedFields.Count == 1 && changedFields.Contains("role")) return "changed the role";
                return DescribeUpdate(changedFields);
            default:
                return action.Replace('-', ' ');
        }
    }

    /// <summary>The resource's recorded name, else its current one, else its type and a short id ("Variable 7f9b7c4a").</summary>
    public static string ResourceLabel(string resourceType, string? recordedName, Guid resourceId, string? currentName = null) =>
        !string.IsNullOrWhiteSpace(recordedName) ? recordedName
        : !string.IsNullOrWhiteSpace(currentName) ? currentName
        : $"{TypeName(resourceType)} {ShortId(resourceId)}";

    /// <summary>The first eight hex digits of an id, for records that have nothing better to show.</summary>
    public static string ShortId(Guid id) => id.ToString("N")[..8];

    private static string DescribeUpdate(IReadOnlyCollection<string> changedFields)
    {
        var parts = new List<string>();
        var plain = new List<string>();
        foreach (var field in changedFields)
        {
            if (field.EndsWith(AuditFields.ClearedSuffix, StringComparison.Ordinal))
                parts.Add($"cleared the {FieldName(field[..^AuditFields.ClearedSuffix.Length])}");
            else if (WriteOnlyFields.Contains(field))
                parts.Add($"set the {FieldName(field)}");
            else
                plain.Add(FieldName(field));
        }
        if (plain.Count > 0) parts.Insert(0, "updated " + string.Join(", ", plain));
        return parts.Count == 0 ? "updated" : string.Join(" and ", parts);
    }
}
