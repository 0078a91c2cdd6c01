namespace WebsiteFactory.Infra.Tests;

/// <summary>Shares one compiled template (one <c>bicep build</c>) across the test classes that inspect it.</summary>
[CollectionDefinition(Name)]
public sealed class CompiledTemplateGroup : ICollectionFixture<CompiledTemplate>
{
    public const string Name = "Compiled infra/main.bicep";
}
