/**
 * What the validator reports: check results, the decision for the poll ({@code Decider}: fail,
 * continue or succeed), the failure message, the output variables, the validation report, and the
 * ports results are delivered through ({@code JobResultReporter}, {@code ReportPublisher}).
 */
package dev.pipelineguard.validator.result;
