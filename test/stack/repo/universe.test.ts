import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DIMENSION_ORDER, dimensionGroup } from '../../../stack/src/repo/universe.js';
import { expandTemplate } from '../../../stack/src/repo/file-template.js';

describe('dimension universe', () => {
  it('orders dimensions as daf_butler does (waves of satisfied dependencies, ties by name)', () => {
    assert.deepEqual(DIMENSION_ORDER, ['band', 'htm7', 'instrument', 'skymap', 'day_obs', 'detector', 'group',
      'physical_filter', 'tract', 'exposure', 'patch', 'visit']);
  });

  it('splits groups into required and implied keys, in universe order', () => {
    assert.deepEqual(dimensionGroup(['instrument', 'exposure', 'detector']), {
      required: ['instrument', 'detector', 'exposure'], implied: ['band', 'day_obs', 'group', 'physical_filter'],
    });
    assert.deepEqual(dimensionGroup(['tract', 'patch', 'skymap', 'instrument', 'visit']).required, ['instrument', 'skymap', 'tract', 'patch', 'visit']);
    assert.deepEqual(dimensionGroup(['band', 'skymap', 'tract', 'patch']), { required: ['band', 'skymap', 'tract', 'patch'], implied: [] });
    assert.deepEqual(dimensionGroup(['instrument', 'physical_filter', 'detector']).required, ['instrument', 'detector', 'physical_filter']);
  });
});

describe('file templates', () => {
  const template = '{run:/}/{datasetType}/{band:?}/{visit:?}/{datasetType}_{band:?}_{instrument:?}_{visit:?}_{detector:?}_{run}';
  it('keeps run slashes for {run:/}, flattens them for {run}, drops missing optional fields', () => {
    assert.equal(expandTemplate(template, { run: 'u/me/run', datasetType: 'calexp', dataId: { instrument: 'LSSTCam-imSim', visit: 1, detector: 94, band: 'i' } }),
      'u/me/run/calexp/i/1/calexp_i_LSSTCam-imSim_1_94_u_me_run');
    assert.equal(expandTemplate(template, { run: 'u/me/run', datasetType: 'packages', dataId: {} }), 'u/me/run/packages/packages_u_me_run');
  });
});
