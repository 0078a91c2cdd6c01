using WebsiteFactory.Api.Routing;
using WebsiteFactory.Functions.Generators;

namespace WebsiteFactory.Functions.Http;

/// <summary>
/// The <c>/api</c> surface on Azure: one HTTP function per row of the shared route table (<see cref="ApiRoutes"/>,
/// project WebsiteFactory.Api), generated at build time by <c>WebsiteFactory.Functions.Generators</c> from the
/// <c>[ApiRoute]</c> attributes (see README.md, "The HTTP API on Azure"). Each function has an anonymous HTTP trigger
/// with the route's method and template (without <c>/api/</c>, the host's <c>routePrefix</c>) and a
/// <c>[DurableClient]</c> input, and returns <see cref="ApiFunctionDispatch.Run"/>: the route's own handler, bound,
/// authorized and serialized as on the local server.
/// </summary>
[ApiFunctions(typeof(ApiRoutes))]
public static partial class ApiFunctions;
