export declare const ROOT: string;
export declare const PACKAGES: string[];
export declare function corpusFiles(options?: { maxBytes?: number; limit?: number; packages?: string[] }): string[];
