export declare function csvField(value: string | number | null | undefined): string;
