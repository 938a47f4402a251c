namespace Builder.Web.Components.Shared;

/// <summary>What a save does with a stored write-only secret: leave it, replace it with what was typed, or remove it.</summary>
public enum SecretMode { Keep, Replace, Clear }
