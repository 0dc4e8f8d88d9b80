using System.Globalization;
using System.Text;

namespace FieldService.Reports;

/// <summary>S1 as CSV (RFC 4180), in long form: one row per figure (<c>clause,measure,value</c>), so every line
/// and the Q3 sample fit one table and a spreadsheet pivots it back into lines.</summary>
public static class ComplianceCsv
{
    public const string MediaType = "text/csv";

    public static string Write(ComplianceReport report)
    {
        var csv = new StringBuilder("clause,measure,value\r\n");
        void Row(string clause, string measure, object? value) =>
            csv.Append(clause).Append(',').Append(measure).Append(',').Append(Field(value)).Append("\r\n");

        Row("", "from", report.From.ToString("O", CultureInfo.InvariantCulture));
        Row("", "to", report.To.ToString("O", CultureInfo.InvariantCulture));
        if (report.Region is not null)
        {
            Row("", "region", report.Region);
        }

        Row("", "orders", report.Orders);
        foreach (var line in report.Clauses)
        {
            Row(line.Clause, "applicable", line.Applicable);
            Row(line.Clause, "met", line.Met);
            Row(line.Clause, "breached", line.Breached);
            Row(line.Clause, "open", line.Open);
            Row(line.Clause, "not-applicable", line.NotApplicable);
            Row(line.Clause, "rate", line.Rate);
            Row(line.Clause, "met-orders", string.Join(' ', line.MetOrders));
            Row(line.Clause, "breached-orders", string.Join(' ', line.BreachedOrders));
        }

        var q3 = report.Inspection;
        Row("Q3", "completed", q3.Completed);
        Row("Q3", "inspected", q3.Inspected);
        Row("Q3", "inspected-share", q3.InspectedShare);
        Row("Q3", "sample-at-least-10-percent", q3.SampleMet ? "yes" : "no");
        Row("Q3", "critical", q3.Critical);
        Row("Q3", "critical-inspected", q3.CriticalInspected);
        return csv.ToString();
    }

    /// <summary>Quotes a value that holds a separator, a quote or a line break; doubles its quotes.</summary>
    private static string Field(object? value)
    {
        var text = value switch
        {
            null => "",
            double d => d.ToString("0.####", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
