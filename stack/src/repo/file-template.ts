import { StandinError } from '../errors.js';

/** What a file template may refer to. */
export interface TemplateValues {
  readonly run: string;
  readonly datasetType: string;
  /** The full data ID (required and implied keys). */
  readonly dataId: Readonly<Record<string, string | number>>;
}

const FIELD = /\{([A-Za-z_][A-Za-z0-9_.]*)(?::([^}]*))?\}/g;

/**
 * Expands a daf_butler file template such as
 * `{run:/}/{datasetType}/{band:?}/{day_obs:?}/{datasetType}_{instrument:?}_{visit:?}_{detector:?}_{run}`:
 * `:?` marks a field optional (dropped with its separator when the data ID lacks it); `{run:/}` keeps
 * the run's slashes as folders, plain `{run}` turns them into underscores. Returns a relative path
 * without extension.
 */
export function expandTemplate(template: string, values: TemplateValues): string {
  const text = template.replace(FIELD, (_match, name: string, spec: string | undefined) => {
    const optional = spec?.includes('?') ?? false;
    let value: string | number | undefined;
    if (name === 'run') value = spec?.includes('/') ? values.run : values.run.replace(/\//g, '_');
    else if (name === 'datasetType') value = values.datasetType;
    else if (name === 'component') value = undefined;
    else value = values.dataId[name];
    if (value === undefined) {
      if (optional) return '';
      throw new StandinError('KeyError', `File template '${template}' needs '${name}', missing for ${values.datasetType}.`);
    }
    return String(value);
  });
  return text
    .split('/')
    .map((segment) => segment.replace(/_{2,}/g, '_').replace(/^_+|_+$/g, ''))
    .filter((segment) => segment !== '')
    .join('/');
}
