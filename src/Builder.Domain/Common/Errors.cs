namespace Builder.Domain.Common;

/// <summary>A rule a caller broke. The API maps each kind to its status code; the UI shows the message.</summary>
public abstract class DomainException(string message, string? details = null) : Exception(message)
{
    public string? Details { get; } = details;
}

public sealed class NotFoundException(string message) : DomainException(message);

public class ForbiddenException(string message, string? details = null) : DomainException(message, details);

public sealed class HumanOversightRequiredException(string operation)
    : ForbiddenException($"{operation} requires human oversight in the Builder UI",
        "Admin API keys cannot delete, share or transfer ownership. Sign in to the Builder to do this.");

/// <summary>An API key reaching beyond the one organization it belongs to, even when its owner is a System user.</summary>
public sealed class ApiKeyScopeException(string operation)
    : ForbiddenException($"Forbidden: an API key cannot {operation}",
        "An API key acts only inside its own organization. Platform-wide operations are for System users signed in to the Builder.");

/// <summary>A duplicate name or a resource still in use.</summary>
public class ConflictException(string message, string? details = null) : DomainException(message, details);

/// <summary>The record changed since the caller read it.</summary>
public sealed class ConcurrencyException(string changedBy, DateTime changedAt)
    : DomainException($"This record was changed by {changedBy} at {changedAt:u}. Reload it and apply your change again.")
{
    public string ChangedBy { get; } = changedBy;
    public DateTime ChangedAt { get; } = changedAt;
}

public sealed class ValidationException(IReadOnlyDictionary<string, string[]> errors)
    : DomainException("Validation failed", string.Join(" ", errors.SelectMany(e => e.Value)))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public ValidationException(string field, string message) : this(new Dictionary<string, string[]> { [field] = [message] }) { }
}
