// The little of the DOM that the callbacks run inside the page use (the project compiles without the DOM library).
export interface PageElement {
  readonly className: string;
  readonly textContent: string | null;
  readonly innerText: string;
  readonly style: { readonly top: string };
  readonly parentElement: PageElement | null;
  readonly width: number;
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
}
