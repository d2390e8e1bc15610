/** A data-ID value: integers (visit, detector, tract, patch…) are numbers, the rest strings. */
export type DataIdValue = string | number;

/** A quantum's data ID, keys in the order pipetask printed them. */
export type DataId = Readonly<Record<string, DataIdValue>>;
