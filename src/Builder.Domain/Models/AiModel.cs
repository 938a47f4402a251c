using System.Linq.Expressions;
using Builder.Domain.Common;

namespace Builder.Domain.Models;

/// <summary>
/// An AI model configuration: an OpenAI-compatible chat-completions endpoint (OpenAI, Azure OpenAI, Ollama, vLLM,
/// LM Studio and the like), the model identifier sent to it, default parameters and write-only credentials.
/// An organization's model has an <see cref="OrganizationId"/>; a system model has none and is managed by System users,
/// and when <see cref="IsVisible"/> every organization can choose it wherever it can choose one of its own models.
/// The credentials are stored encrypted and never returned: views carry <c>HasToken</c>, <c>HasClientKey</c> and
/// <c>HasSecretKey</c> instead.
/// </summary>
public sealed class AiModel : TrackedEntity, INamedResource, Trash.ITrashable
{
    /// <summary>When it went to the trash; null while it is in use (<see cref="Trash.ITrashable"/>).</summary>
    public DateTime? DeletedAt { get; set; }
    public Guid? TrashItemId { get; set; }

    public const int NameMax = 128;
    public const int DescriptionMax = 1000;
    public const int UrlMax = 2048;
    public const int ModelNameMax = 256;
    public const int ProviderMax = 32;

    /// <summary>The owning organization; null for a system model.</summary>
    public Guid? OrganizationId { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }

    /// <summary>The API dialect; "openai" (any OpenAI-compatible chat-completions endpoint) is the one supported.</summary>
    public string Provider { get; set; } = ModelProviders.OpenAi;

    /// <summary>The chat-completions URL, e.g. https://api.openai.com/v1/chat/completions.</summary>
    public string ModelUrl { get; set; } = "";

    /// <summary>The model identifier sent to the endpoint, e.g. gpt-4o-mini.</summary>
    public string ModelName { get; set; } = "";

    public double? Temperature { get; set; }
    public int? MaxOutputTokens { get; set; }
    public int TimeoutSeconds { get; set; } = 60;

    public string? ProtectedToken { get; set; }
    public string? ProtectedClientKey { get; set; }
    public string? ProtectedSecretKey { get; set; }

    /// <summary>System models only: whether organizations can see and choose it.</summary>
    public bool IsVisible { get; set; }

    public bool IsSystem => OrganizationId is null;

    /// <summary>
    /// The models an organization may use (pick, run, reference): its own and the visible system models. A query filter,
    /// so the rule is written once for lists, pickers and the checks on a template's or prompt's model.
    /// </summary>
    public static Expression<Func<AiModel, bool>> ChoosableIn(Guid organizationId) =>
        m => m.OrganizationId == organizationId || (m.OrganizationId == null && m.IsVisible);
}

public static class ModelProviders
{
    public const string OpenAi = "openai";
    public static readonly IReadOnlyList<string> All = [OpenAi];
}
