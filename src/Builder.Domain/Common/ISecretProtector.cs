namespace Builder.Domain.Common;

/// <summary>Encrypts secret values at rest (ASP.NET Core Data Protection in production). Values go in, never out to callers.</summary>
public interface ISecretProtector
{
    string Protect(string plaintext);
    string Unprotect(string protectedValue);
}
