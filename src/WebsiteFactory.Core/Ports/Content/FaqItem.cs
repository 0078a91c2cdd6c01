namespace WebsiteFactory.Core.Ports.Content;

/// <summary>One question and answer shown under a page (and emitted as FAQPage structured data).</summary>
public sealed record FaqItem(string Question, string Answer);
