package io.ledger.web.security;

import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;

import io.ledger.web.problem.ProblemResponses;
import io.ledger.web.problem.Problems;

/**
 * HTTP Basic for everything under {@code /api}; health, metrics and the API description are open.
 * Which role may call what is declared on each controller method.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
public class SecurityConfiguration {

    static final String REALM = "incentive-ledger";

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ProblemResponses problems) throws Exception {
        http
                .csrf(csrf -> csrf.disable()) // no cookies, no sessions: every request carries its credentials
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus").permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**").permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/api/**").authenticated()
                        .anyRequest().denyAll())
                .httpBasic(basic -> basic.realmName(REALM).authenticationEntryPoint((request, response, e) -> {
                    response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
                    problems.write(request, response, Problems.of(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED",
                            "Credentials are missing or wrong."));
                }))
                .exceptionHandling(ex -> ex
                        .authenticationEntryPoint((request, response, e) -> {
                            response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
                            problems.write(request, response, Problems.of(HttpStatus.UNAUTHORIZED,
                                    "UNAUTHENTICATED", "Credentials are missing or wrong."));
                        })
                        .accessDeniedHandler((request, response, e) -> problems.write(request, response,
                                Problems.of(HttpStatus.FORBIDDEN, "FORBIDDEN", "You are not allowed to do this."))));
        return http.build();
    }

    @Bean
    UserDetailsService userDetailsService(LedgerUsersProperties properties) {
        return new ConfiguredUsers(properties);
    }

    /**
     * Encoded passwords as configured ({@code {bcrypt}}, {@code {noop}} …); one found right is
     * remembered for {@code ledger.security.verified-password-lifetime} (0 checks every request in full).
     */
    @Bean
    PasswordEncoder passwordEncoder(
            @Value("${ledger.security.verified-password-lifetime:5m}") Duration verifiedPasswordLifetime) {
        return new RememberingPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder(),
                verifiedPasswordLifetime, 10_000, Clock.systemUTC());
    }
}
