// swagger-ui-dist ships no types; this is the part of its ES bundle the console calls (see its README).
declare module "swagger-ui-dist/swagger-ui-es-bundle.js" {
  interface SwaggerRequest {
    credentials?: RequestCredentials;
    [key: string]: unknown;
  }

  export interface SwaggerUIOptions {
    domNode: HTMLElement;
    spec: object;
    docExpansion?: "list" | "full" | "none";
    /** The URL's #/<tag>/<operationId> opens that tag or operation, and follows what the reader opens. */
    deepLinking?: boolean;
    defaultModelsExpandDepth?: number;
    filter?: boolean | string;
    requestInterceptor?: (request: SwaggerRequest) => SwaggerRequest;
  }

  const SwaggerUI: (options: SwaggerUIOptions) => unknown;
  export default SwaggerUI;
}

declare module "swagger-ui-dist/swagger-ui.css";
