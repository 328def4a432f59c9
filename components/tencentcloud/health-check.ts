/**
 * The provider's own rule for which health-check inputs a CLB listener (or layer-7 rule) accepts,
 * as a pure function, so that the kit's listener inputs are tested against it offline.
 *
 * Source: terraform-provider-tencentcloud v1.82.42 (bridged by pulumi-tencentcloud v0.2.3),
 * `tencentcloud/services/clb/service_tencentcloud_clb.go:855-1000`, `checkHealthCheckPara`, called by
 * the listener create/update with apply type `LISTENER` and by the listener rule with `RULE`. TF
 * reads most fields with `GetOk`, so an empty string, `0` or `false` counts as unset there; the
 * switch and the numeric fields read with `GetOkExists` count whenever present.
 */

/** Listener protocols (`CLB_LISTENER_PROTOCOL_*`). */
export type ClbProtocol = "TCP" | "UDP" | "TCP_SSL" | "QUIC" | "HTTP" | "HTTPS";

/** Where the health check is configured: on the listener (layer 4) or on a rule (layer 7). */
export type HealthApplyType = "listener" | "rule";

/** The health-check inputs of `Clb/listener` / `Clb/listenerRule` the rule looks at. */
export interface HealthCheckInputs {
  healthCheckSwitch?: boolean;
  healthCheckTimeOut?: number;
  healthCheckIntervalTime?: number;
  healthCheckHealthNum?: number;
  healthCheckUnhealthNum?: number;
  healthCheckPort?: number;
  healthCheckType?: string;
  healthCheckHttpCode?: number;
  healthCheckHttpPath?: string;
  healthCheckHttpDomain?: string;
  healthCheckHttpMethod?: string;
  healthCheckHttpVersion?: string;
  healthCheckContextType?: string;
  healthCheckSendContext?: string;
  healthCheckRecvContext?: string;
  healthSourceIpType?: number;
}

const present = (v: unknown) => v !== undefined && v !== null;
/** TF `GetOk`: set and not the zero value. */
const nonZero = (v: unknown) => present(v) && v !== "" && v !== 0 && v !== false;

/**
 * The error `checkHealthCheckPara` returns for these inputs, or null when it accepts them. Same
 * order of checks and same messages as the Go function.
 */
export function checkHealthCheckPara(protocol: ClbProtocol, applyType: HealthApplyType, inputs: HealthCheckInputs): string | null {
  let setFlag = false;
  const enabled = inputs.healthCheckSwitch === true;
  if (present(inputs.healthCheckSwitch)) setFlag = true;
  if (enabled) {
    for (const key of ["healthCheckTimeOut", "healthCheckIntervalTime", "healthCheckHealthNum", "healthCheckUnhealthNum", "healthCheckPort"] as const) {
      if (present(inputs[key])) setFlag = true;
    }
    const checkType = nonZero(inputs.healthCheckType) ? inputs.healthCheckType : "";
    if (checkType) setFlag = true;
    const layer7OrTcpHttp = protocol === "HTTP" || protocol === "HTTPS" || (protocol === "TCP" && checkType === "HTTP");
    if (present(inputs.healthCheckHttpCode)) {
      if (!layer7OrTcpHttp) return "health_check_http_code can only be set with protocol HTTP/HTTPS or HTTP of TCP";
      setFlag = true;
    }
    if (nonZero(inputs.healthCheckHttpPath)) {
      if (!layer7OrTcpHttp) return "health_check_http_path can only be set with protocol HTTP/HTTPS or HTTP of TCP";
      setFlag = true;
    }
    if (nonZero(inputs.healthCheckHttpDomain)) {
      if (!layer7OrTcpHttp) return "health_check_http_domain can only be set with protocol HTTP/HTTPS or HTTP of TCP";
      setFlag = true;
    }
    if (nonZero(inputs.healthCheckHttpMethod)) {
      if (!layer7OrTcpHttp) return "health_check_http_method can only be set with protocol HTTP/HTTPS or HTTP of TCP";
      setFlag = true;
    }
    if (nonZero(inputs.healthCheckHttpVersion)) {
      if (!(protocol === "TCP" && checkType === "HTTP")) return "health_check_http_version can only be set with protocol HTTP of TCP";
      setFlag = true;
    }
    const tcpUdpCustom = (protocol === "UDP" || protocol === "TCP") && checkType === "CUSTOM";
    if (nonZero(inputs.healthCheckContextType)) {
      if (!tcpUdpCustom) return "health_check_context_type can only be set with protocol CUSTOM of TCP/UDP";
      setFlag = true;
    }
    if (nonZero(inputs.healthCheckSendContext)) {
      if (!tcpUdpCustom) return "health_check_send_context can only be set with protocol CUSTOM of TCP/UDP";
      setFlag = true;
    }
    if (nonZero(inputs.healthCheckRecvContext)) {
      if (!tcpUdpCustom) return "health_check_recv_context can only be set with protocol CUSTOM of TCP/UDP";
      setFlag = true;
    }
    if (present(inputs.healthSourceIpType)) setFlag = true;
  }
  if (setFlag && enabled) {
    const layer4 = protocol === "TCP" || protocol === "UDP" || protocol === "TCP_SSL" || protocol === "QUIC";
    if (!((layer4 && applyType === "listener") || ((protocol === "HTTP" || protocol === "HTTPS") && applyType === "rule"))) {
      return "health para can only be set with TCP/UDP/TCP_SSL listener or rule of HTTP/HTTPS listener";
    }
  }
  return null;
}
