using Builder.Domain.Audit;
using MudBlazor;

namespace Builder.Web.Features.Audit;

/// <summary>What the filter bar holds, turned into the domain's <see cref="AuditFilter"/>.</summary>
public sealed record AuditFilterValues(string? ResourceType, string? Actor, DateRange? Dates)
{
    public static AuditFilterValues None { get; } = new(null, null, null);

    public bool IsEmpty => ResourceType is null && string.IsNullOrWhiteSpace(Actor) && Dates?.Start is null && Dates?.End is null;

    /// <summary>The range covers whole days: from the start of the first to the end of the last.</summary>
    public AuditFilter ToFilter() => new(
        ResourceType,
        string.IsNullOrWhiteSpace(Actor) ? null : Actor.Trim(),
        Dates?.Start is { } start ? DateTime.SpecifyKind(start.Date, DateTimeKind.Utc) : null,
        Dates?.End is { } end ? DateTime.SpecifyKind(end.Date.AddDays(1).AddTicks(-1), DateTimeKind.Utc) : null);
}
