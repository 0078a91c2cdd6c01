import { href } from '../router';

export function NotFound() {
  return (
    <section class="page">
      <h1>Page not found</h1>
      <p>
        <a href={href('/')}>Back to the sites</a>
      </p>
    </section>
  );
}
