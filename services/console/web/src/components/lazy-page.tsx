// A page whose code loads when first opened, and which renders without suspending once its code
// is here. React.lazy suspends a component's first render even when the module has already
// loaded, and a suspended page shows the fallback and is then revealed no sooner than React's
// throttle allows (about 300 ms after the fallback): for a page the console was opened at, whose
// code it preloads, that wait was most of the time between the rows' arrival and their showing.
import { type ComponentType, lazy } from 'react';

export type LazyPage<Props extends object> = ComponentType<Props> & {
  /** Loads the page's code now; from then on the page renders at once. */
  preload: () => Promise<void>;
};

export function lazyPage<Props extends object>(load: () => Promise<{ default: ComponentType<Props> }>): LazyPage<Props> {
  let loaded: ComponentType<Props> | undefined;
  const Lazy = lazy(load);
  function Page(props: Props) {
    const Loaded = loaded;
    return Loaded ? <Loaded {...props} /> : <Lazy {...props} />;
  }
  return Object.assign(Page, {
    preload: () =>
      load().then((module) => {
        loaded = module.default;
      }),
  });
}
