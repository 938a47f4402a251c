using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.WorkflowEntities;

namespace Builder.Domain.Workflows;

/// <summary>What "Test this condition" shows: why the sample could not be read, or the evaluation and the substituted arguments.</summary>
public sealed record ConditionTestOutcome(string? SampleError, ConditionEvaluation? Evaluation, IReadOnlyList<ArgumentPreview> Arguments)
{
    public static ConditionTestOutcome BadSample(string error) => new(error, null, []);
}

/// <summary>An argument's value with the sample message's values substituted in, and the placeholders it could not fill.</summary>
public sealed record ArgumentPreview(string Name, string Value, IReadOnlyList<string> Unresolved);

/// <summary>
/// The one place that tests conditions and substitutions for people and programs: <c>POST /api/workflows/test-condition</c>
/// and <c>/test-substitution</c>, and the entity editor's "Test this condition" panel. Nothing is read or stored, so
/// anyone who may read entities somewhere may use it; every evaluation is bounded by <see cref="ConditionLimits"/>.
/// </summary>
public sealed class ConditionTestService(ConditionLimits limits)
{
    /// <summary>Kept under Blazor Server's default 32 KB SignalR message limit, which the pasted text travels through.</summary>
    public const int MaxSampleLength = 24 * 1024;

    private readonly ConditionEvaluator _evaluator = new(limits);

    /// <summary>The limits evaluations run under.</summary>
    public ConditionLimits Limits => limits;

    /// <summary>
    /// Evaluates <paramref name="condition"/> against <paramref name="context"/> as given (the API's shape).
    /// A missing or invalid condition, an unreadable context, or an evaluation that used up its budget is a <see cref="ValidationException"/>.
    /// </summary>
    public ConditionEvaluation Test(Actor actor, JsonNode? condition, JsonNode? context)
    {
        RequireTester(actor);
        if (condition is null) throw new ValidationException("condition", "condition is required.");
        var parsed = ConditionParser.Parse(condition);
        if (parsed.Condition is null)
            throw new ValidationException(new Dictionary<string, string[]> { ["condition"] = parsed.Problems.Select(p => $"{p.Location}: {p.Message}").ToArray() });
        var evaluation = _evaluator.Evaluate(parsed.Condition, context ?? new JsonObject());
        if (evaluation.IsOverBudget) throw new ValidationException("condition", evaluation.Problems[0].Message);
        if (!evaluation.IsValid) throw new ValidationException("context", string.Join(" ", evaluation.Problems.Select(p => p.Message)));
        return evaluation;
    }

    /// <summary>
    /// Evaluates a condition being edited against a pasted sample message, the way a workflow run would (fields read
    /// <c>message.…</c> from <c>{ "message": sample }</c>), and fills the sample's values into the arguments.
    /// An unreadable sample is reported in <see cref="ConditionTestOutcome.SampleError"/>, with its line and column.
    /// </summary>
    public ConditionTestOutcome TestSample(Actor actor, JsonNode? condition, string? sample, IReadOnlyList<EntityArgument>? arguments = null)
    {
        RequireTester(actor);
        if (SampleProblem(sample, out var message) is { } problem) return ConditionTestOutcome.BadSample(problem);
        var context = WorkflowDryRunner.ContextFor(message);
        var evaluation = _evaluator.Evaluate(condition, context);
        var previews = (arguments ?? [])
            .Where(a => !string.IsNullOrWhiteSpace(a.ArgumentName))
            .Select(a =>
            {
                var substituted = TemplateSubstitution.SubstituteText(a.ArgumentValue, context);
                return new ArgumentPreview(a.ArgumentName!, substituted.Text, substituted.Unresolved);
            })
            .ToList();
        return new ConditionTestOutcome(null, evaluation, previews);
    }

    /// <summary>Null when the pasted sample reads as JSON; otherwise the sentence to show under it.</summary>
    public static string? SampleProblem(string? sample, out JsonNode? message)
    {
        message = null;
        if (string.IsNullOrWhiteSpace(sample)) return "Paste a sample message as JSON.";
        if (sample.Length > MaxSampleLength) return $"The sample is longer than {MaxSampleLength / 1024} KB.";
        return JsonText.TryParse(sample, "sample JSON", out message, out var error) ? null : error;
    }

    /// <summary>Substitutes <c>{{placeholders}}</c> in <paramref name="parameters"/> from <paramref name="context"/>.</summary>
    public ParameterSubstitutionResult Substitute(Actor actor, JsonNode? parameters, JsonNode? context)
    {
        RequireTester(actor);
        if (parameters is null) throw new ValidationException("parameters", "parameters is required.");
        var result = TemplateSubstitution.SubstituteParameters(parameters, context ?? new JsonObject());
        if (result.Error is not null) throw new ValidationException("parameters", result.Error);
        return result;
    }

    /// <summary>The helpers suit anyone who may read entities in some organization (an API key: in its own).</summary>
    private static void RequireTester(Actor actor)
    {
        var allowed = actor.ApiKeyOrganizationId is { } keyOrganization
            ? actor.Can(keyOrganization, Permissions.EntitiesRead)
            : actor.IsSystem || actor.Memberships.Keys.Any(organization => actor.Can(organization, Permissions.EntitiesRead));
        if (!allowed) throw new ForbiddenException($"Forbidden: You do not have permission to {Permissions.Describe(Permissions.EntitiesRead)}");
    }
}
