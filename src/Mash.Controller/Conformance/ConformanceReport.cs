using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Xml;

namespace Mash.Controller.Conformance;

/// <summary>The JUnit XML report CI systems read, and the summary a person reads.</summary>
public static class ConformanceReport
{
    /// <summary>JUnit skipped type of a case the device's PICS does not select.</summary>
    public const string NotApplicableType = "not-applicable";

    /// <summary>JUnit skipped type of a selected case the lab setup cannot run (no test event key, no openssl, no way to reopen the window).</summary>
    public const string CannotRunType = "cannot-run";

    public const string NotApplicablePrefix = "not applicable: ";

    public const string CannotRunPrefix = "cannot run here: ";

    /// <summary>
    /// One testsuite, one testcase per case (name "ID: title", classname from the case file);
    /// failures carry the reason and the step log; not applicable cases and cases the lab cannot run are
    /// both skipped, told apart by the skipped element's type and message prefix.
    /// </summary>
    public static void WriteJUnit(ConformanceRunResult run, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(destination);
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) };
        using XmlWriter xml = XmlWriter.Create(destination, settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", "MASH conformance");
        xml.WriteAttributeString("tests", N(run.Results.Count));
        xml.WriteAttributeString("failures", N(run.Failed));
        xml.WriteAttributeString("time", Seconds(run.Duration));
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", "mash-conformance " + run.Target);
        xml.WriteAttributeString("tests", N(run.Results.Count));
        xml.WriteAttributeString("failures", N(run.Failed));
        xml.WriteAttributeString("errors", "0");
        xml.WriteAttributeString("skipped", N(run.Skipped + run.NotApplicable));
        xml.WriteAttributeString("time", Seconds(run.Duration));
        xml.WriteAttributeString("timestamp", run.Started.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        xml.WriteStartElement("properties");
        Property(xml, "target", run.Target);
        Property(xml, "selected", N(run.Selected));
        xml.WriteEndElement();
        foreach (CaseResult result in run.Results)
        {
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString("classname", "conformance." + Path.GetFileNameWithoutExtension(result.Case.Origin));
            xml.WriteAttributeString("name", result.Case.Id + ": " + result.Case.Title);
            xml.WriteAttributeString("time", Seconds(result.Duration));
            switch (result.Outcome)
            {
                case CaseOutcome.Failed:
                    xml.WriteStartElement("failure");
                    xml.WriteAttributeString("message", result.Reason ?? "failed");
                    xml.WriteString(string.Join("\n", result.Log));
                    xml.WriteEndElement();
                    break;
                case CaseOutcome.NotApplicable:
                    // The device does not claim the feature: nothing to fix.
                    xml.WriteStartElement("skipped");
                    xml.WriteAttributeString("message", NotApplicablePrefix + result.Reason);
                    xml.WriteAttributeString("type", NotApplicableType);
                    xml.WriteEndElement();
                    break;
                case CaseOutcome.Skipped:
                    // The case applies but this lab setup cannot run it: give what it needs and rerun.
                    xml.WriteStartElement("skipped");
                    xml.WriteAttributeString("message", CannotRunPrefix + result.Reason);
                    xml.WriteAttributeString("type", CannotRunType);
                    xml.WriteEndElement();
                    break;
                default:
                    break;
            }

            if (result.Log.Count > 0)
            {
                xml.WriteElementString("system-out", string.Join("\n", result.Log));
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    /// <summary>One line per case and the totals.</summary>
    public static string Summary(ConformanceRunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"MASH conformance against {run.Target}, {run.Started.UtcDateTime:yyyy-MM-dd HH:mm}Z").AppendLine();
        foreach (CaseResult r in run.Results)
        {
            string verdict = r.Outcome switch
            {
                CaseOutcome.Passed => "PASS",
                CaseOutcome.Failed => "FAIL",
                CaseOutcome.Skipped => "SKIP",
                _ => "n/a ",
            };
            text.Append(CultureInfo.InvariantCulture, $"{verdict}  {r.Case.Id,-26} {r.Case.Title}");
            if (r.Outcome is CaseOutcome.Passed or CaseOutcome.Failed)
            {
                text.Append(CultureInfo.InvariantCulture, $" ({r.Duration.TotalSeconds:F1} s)");
            }

            text.AppendLine();
            if (r.Reason is not null)
            {
                text.Append("      ").AppendLine(r.Reason);
            }
        }

        text.Append(CultureInfo.InvariantCulture, $"{run.Passed} passed, {run.Failed} failed, {run.Skipped} skipped, {run.NotApplicable} not applicable; {run.Selected} selected by the PICS; {run.Duration.TotalSeconds:F1} s");
        return text.ToString();
    }

    private static void Property(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement("property");
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("value", value);
        xml.WriteEndElement();
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture);
}
