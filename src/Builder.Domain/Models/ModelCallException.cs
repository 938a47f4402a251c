namespace Builder.Domain.Models;

/// <summary>Why a model call failed.</summary>
public enum ModelFailure
{
    /// <summary>401 or 403: the token was refused.</summary>
    Unauthorized,
    /// <summary>429.</summary>
    RateLimited,
    /// <summary>5xx.</summary>
    EndpointFailed,
    /// <summary>Another 4xx or a 3xx (redirects are not followed).</summary>
    Rejected,
    /// <summary>The model's (or the call's) timeout passed.</summary>
    Timeout,
    /// <summary>A 2xx whose body is not a chat completion (or not an event stream of chunks).</summary>
    NotOpenAiCompatible,
    /// <summary>DNS failed or no address answered.</summary>
    ConnectionFailed,
    /// <summary>The outbound address policy refused every address of the host.</summary>
    RefusedByPolicy,
    /// <summary>The model URL or name is not usable (not an absolute http/https URL, empty model name, unknown provider).</summary>
    InvalidEndpoint,
}

/// <summary>
/// A failed model call. The message is the reason a person reads (the API answers 502 with it); it never carries a
/// credential, and the exception has no inner exception, so logging it whole cannot leak one either.
/// </summary>
public sealed class ModelCallException(ModelFailure failure, string message, int? statusCode = null) : Exception(message)
{
    public ModelFailure Failure { get; } = failure;

    /// <summary>The endpoint's HTTP status, when it answered with one.</summary>
    public int? StatusCode { get; } = statusCode;
}
