using Builder.Domain.Common;

namespace Builder.Web.Components.Shared;

/// <summary>Turns a failure into the sentence a person reads. Domain rules speak for themselves; anything else gets a correlation id.</summary>
public static class ErrorText
{
    public static bool IsExpected(Exception exception) => exception is DomainException;

    public static string Describe(Exception exception, string? correlationId = null) => exception switch
    {
        ValidationException v => v.Details ?? v.Message,
        DomainException d when !string.IsNullOrWhiteSpace(d.Details) => $"{d.Message}. {d.Details}",
        DomainException d => d.Message,
        _ => $"Something went wrong. If it keeps happening, report it with the correlation id {correlationId ?? "(none)"}.",
    };

    public static string NewCorrelationId() =>
        System.Diagnostics.Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N")[..16];
}
