namespace WebsiteFactory.Workflows.ServerConsole;

/// <summary>What one run of <see cref="CertificateExpiryCheck"/> did.</summary>
/// <param name="ServersChecked">Servers whose certificates were read.</param>
/// <param name="ServersFailed">Servers that could not be read.</param>
/// <param name="Warnings">Sites warned.</param>
/// <param name="WarnedDomains">Their domains.</param>
public sealed record CertificateCheckSummary(int ServersChecked, int ServersFailed, int Warnings, IReadOnlyList<string> WarnedDomains);
