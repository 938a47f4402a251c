namespace Builder.Web.Features.PromptTemplates;

/// <summary>How <see cref="TextDiffView"/> shows a difference: two aligned columns, or one stream of marked words.</summary>
public enum TextDiffMode { SideBySide, Inline }
