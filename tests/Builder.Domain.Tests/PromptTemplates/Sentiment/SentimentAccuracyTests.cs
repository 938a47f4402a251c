using System.Text;
using Builder.Domain.PromptTemplates.Sentiment;
using Xunit.Abstractions;

namespace Builder.Domain.Tests.PromptTemplates.Sentiment;

/// <summary>
/// The embedded analyzer against the hand-labelled sets in <see cref="LabelledSentences"/>: at least 80 % right on the
/// main set and on the held-out set. The output prints the accuracy, the confusion matrix and every miss.
/// </summary>
public sealed class SentimentAccuracyTests(ITestOutputHelper output)
{
    private static readonly string[] Labels = [SentimentLabels.Positive, SentimentLabels.Neutral, SentimentLabels.Negative, SentimentLabels.Mixed];

    [Fact]
    public void The_labelled_set_has_at_least_200_sentences_of_every_label()
    {
        Assert.True(LabelledSentences.All.Count >= 200, $"only {LabelledSentences.All.Count} sentences");
        foreach (var label in Labels)
            Assert.True(LabelledSentences.All.Count(s => s.Label == label) >= 30, $"too few {label} sentences");
        Assert.All(LabelledSentences.All.Concat(LabelledSentences.HeldOut), s => Assert.Contains(s.Label, Labels));
        Assert.Empty(LabelledSentences.HeldOut.Select(s => s.Text).Intersect(LabelledSentences.All.Select(s => s.Text)));
    }

    [Theory]
    [InlineData("labelled set")]
    [InlineData("held-out set")]
    public void The_analyzer_labels_at_least_80_percent_of_each_set_right(string name)
    {
        var set = name == "held-out set" ? LabelledSentences.HeldOut : LabelledSentences.All;
        var confusion = new Dictionary<(string Expected, string Actual), int>();
        var misses = new List<string>();
        foreach (var (expected, text) in set)
        {
            var analysis = LexiconSentimentAnalyzer.Instance.Analyze(text);
            confusion[(expected, analysis.Label)] = confusion.GetValueOrDefault((expected, analysis.Label)) + 1;
            if (analysis.Label != expected) misses.Add($"  {expected,-8} → {analysis.Label,-8} {analysis.Score,6:0.000}  {text}");
        }

        var total = set.Count;
        var correct = Labels.Sum(l => confusion.GetValueOrDefault((l, l)));
        var accuracy = (double)correct / total;

        var report = new StringBuilder();
        report.AppendLine($"{name}: accuracy {correct}/{total} = {accuracy:P1}");
        report.AppendLine("expected \\ actual  " + string.Join("", Labels.Select(l => $"{l,10}")) + "    recall");
        foreach (var expected in Labels)
        {
            var row = Labels.Select(actual => confusion.GetValueOrDefault((expected, actual))).ToList();
            report.AppendLine($"{expected,-18}" + string.Join("", row.Select(n => $"{n,10}")) + $"    {(double)confusion.GetValueOrDefault((expected, expected)) / row.Sum(),6:P0}");
        }
        report.AppendLine("Misses:");
        foreach (var miss in misses) report.AppendLine(miss);
        output.WriteLine(report.ToString());

        Assert.True(accuracy >= 0.80, report.ToString());
    }
}
